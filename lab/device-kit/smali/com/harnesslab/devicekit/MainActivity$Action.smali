# Device kit: what a dialog button or a page button does, by code: 1 agree, 2 refuse, 3 about,
# 4 home, 5 review the policy again, 6 exit. One listener class serves both the dialog's
# buttons (DialogInterface.OnClickListener) and the pages' (View.OnClickListener).
.class final Lcom/harnesslab/devicekit/MainActivity$Action;
.super Ljava/lang/Object;
.source "MainActivity.smali"

.implements Landroid/content/DialogInterface$OnClickListener;
.implements Landroid/view/View$OnClickListener;


.field private final activity:Lcom/harnesslab/devicekit/MainActivity;

.field private final code:I


.method constructor <init>(Lcom/harnesslab/devicekit/MainActivity;I)V
    .locals 0
    invoke-direct {p0}, Ljava/lang/Object;-><init>()V
    iput-object p1, p0, Lcom/harnesslab/devicekit/MainActivity$Action;->activity:Lcom/harnesslab/devicekit/MainActivity;
    iput p2, p0, Lcom/harnesslab/devicekit/MainActivity$Action;->code:I
    return-void
.end method

.method public onClick(Landroid/content/DialogInterface;I)V
    .locals 0
    invoke-direct {p0}, Lcom/harnesslab/devicekit/MainActivity$Action;->perform()V
    return-void
.end method

.method public onClick(Landroid/view/View;)V
    .locals 0
    invoke-direct {p0}, Lcom/harnesslab/devicekit/MainActivity$Action;->perform()V
    return-void
.end method

.method private perform()V
    .locals 2
    iget-object v0, p0, Lcom/harnesslab/devicekit/MainActivity$Action;->activity:Lcom/harnesslab/devicekit/MainActivity;
    iget v1, p0, Lcom/harnesslab/devicekit/MainActivity$Action;->code:I
    packed-switch v1, :codes
    return-void
    :agree
    invoke-virtual {v0}, Lcom/harnesslab/devicekit/MainActivity;->onAgree()V
    return-void
    :refuse
    invoke-virtual {v0}, Lcom/harnesslab/devicekit/MainActivity;->showRefused()V
    return-void
    :about
    invoke-virtual {v0}, Lcom/harnesslab/devicekit/MainActivity;->showAbout()V
    return-void
    :home
    invoke-virtual {v0}, Lcom/harnesslab/devicekit/MainActivity;->showHome()V
    return-void
    :review
    invoke-virtual {v0}, Lcom/harnesslab/devicekit/MainActivity;->showPrivacyDialog()V
    return-void
    :exit
    invoke-virtual {v0}, Lcom/harnesslab/devicekit/MainActivity;->finish()V
    return-void
    :codes
    .packed-switch 0x1
        :agree
        :refuse
        :about
        :home
        :review
        :exit
    .end packed-switch
.end method
