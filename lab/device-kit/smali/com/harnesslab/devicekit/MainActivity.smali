# Device kit: the app's one activity, as the calibration lab app's CalibrationApp.java. At its
# first creation, before any consent, it reads the device id, the ANDROID_ID and the Wi-Fi MAC,
# starts the push service (second process) and hands the identifiers to the analytics SDK,
# which sends them at once. Then, on first run, the privacy-policy dialog: a real AlertDialog
# (android:id/button1 同意, android:id/button2 不同意). 同意 remembers the answer, reads the
# last known location (declared in the profile, so compliant) and shows the main page;
# 不同意 reads nothing more and shows a "consent needed" page. Pages are built in code
# (TextView, Button) so the APK needs no resources. In the background it does nothing.
.class public Lcom/harnesslab/devicekit/MainActivity;
.super Landroid/app/Activity;
.source "MainActivity.smali"


.field static final POLICY:Ljava/lang/String; = "欢迎使用校准助手！我们非常重视您的个人信息和隐私保护。请阅读《隐私政策》和《用户协议》，了解我们如何收集、使用和共享您的个人信息。点击“同意”即表示您已阅读并同意上述条款。\nPlease read our Privacy Policy and User Agreement."

.field static final PREFS:Ljava/lang/String; = "devicekit"

.field static final AGREED:Ljava/lang/String; = "agreed"

.field private where:Ljava/lang/String;


.method public constructor <init>()V
    .locals 1
    invoke-direct {p0}, Landroid/app/Activity;-><init>()V
    const-string v0, "未知"
    iput-object v0, p0, Lcom/harnesslab/devicekit/MainActivity;->where:Ljava/lang/String;
    return-void
.end method

.method protected onCreate(Landroid/os/Bundle;)V
    .locals 1
    invoke-super {p0, p1}, Landroid/app/Activity;->onCreate(Landroid/os/Bundle;)V
    # A recreated activity (rotation) has read everything already.
    if-nez p1, :created
    invoke-direct {p0}, Lcom/harnesslab/devicekit/MainActivity;->collectBeforeConsent()V
    :created
    invoke-direct {p0}, Lcom/harnesslab/devicekit/MainActivity;->agreed()Z
    move-result v0
    if-eqz v0, :ask
    invoke-virtual {p0}, Lcom/harnesslab/devicekit/MainActivity;->onAgree()V
    return-void
    :ask
    invoke-virtual {p0}, Lcom/harnesslab/devicekit/MainActivity;->showPrivacyDialog()V
    return-void
.end method

.method private collectBeforeConsent()V
    .locals 5
    invoke-static {p0}, Lcom/harnesslab/devicekit/DeviceInfo;->collectDeviceId(Landroid/content/Context;)Ljava/lang/String;
    move-result-object v0
    invoke-static {p0}, Lcom/harnesslab/devicekit/DeviceInfo;->collectAndroidId(Landroid/content/Context;)Ljava/lang/String;
    move-result-object v1
    invoke-static {p0}, Lcom/harnesslab/devicekit/DeviceInfo;->collectMacAddress(Landroid/content/Context;)Ljava/lang/String;
    move-result-object v2
    new-instance v3, Landroid/content/Intent;
    const-class v4, Lcom/umeng/message/UmengPushService;
    invoke-direct {v3, p0, v4}, Landroid/content/Intent;-><init>(Landroid/content/Context;Ljava/lang/Class;)V
    invoke-virtual {p0, v3}, Lcom/harnesslab/devicekit/MainActivity;->startService(Landroid/content/Intent;)Landroid/content/ComponentName;
    const-string v3, "devicekit"
    invoke-static {p0, v3, v0, v1, v2}, Lcom/umeng/analytics/MobclickAgent;->onStartup(Landroid/content/Context;Ljava/lang/String;Ljava/lang/String;Ljava/lang/String;Ljava/lang/String;)V
    return-void
.end method

.method private prefs()Landroid/content/SharedPreferences;
    .locals 2
    sget-object v0, Lcom/harnesslab/devicekit/MainActivity;->PREFS:Ljava/lang/String;
    const/4 v1, 0x0
    invoke-virtual {p0, v0, v1}, Lcom/harnesslab/devicekit/MainActivity;->getSharedPreferences(Ljava/lang/String;I)Landroid/content/SharedPreferences;
    move-result-object v0
    return-object v0
.end method

.method private agreed()Z
    .locals 3
    invoke-direct {p0}, Lcom/harnesslab/devicekit/MainActivity;->prefs()Landroid/content/SharedPreferences;
    move-result-object v0
    sget-object v1, Lcom/harnesslab/devicekit/MainActivity;->AGREED:Ljava/lang/String;
    const/4 v2, 0x0
    invoke-interface {v0, v1, v2}, Landroid/content/SharedPreferences;->getBoolean(Ljava/lang/String;Z)Z
    move-result v0
    return v0
.end method

.method private action(I)Lcom/harnesslab/devicekit/MainActivity$Action;
    .locals 1
    new-instance v0, Lcom/harnesslab/devicekit/MainActivity$Action;
    invoke-direct {v0, p0, p1}, Lcom/harnesslab/devicekit/MainActivity$Action;-><init>(Lcom/harnesslab/devicekit/MainActivity;I)V
    return-object v0
.end method

.method showPrivacyDialog()V
    .locals 3
    new-instance v0, Landroid/app/AlertDialog$Builder;
    invoke-direct {v0, p0}, Landroid/app/AlertDialog$Builder;-><init>(Landroid/content/Context;)V
    const-string v1, "隐私政策"
    invoke-virtual {v0, v1}, Landroid/app/AlertDialog$Builder;->setTitle(Ljava/lang/CharSequence;)Landroid/app/AlertDialog$Builder;
    sget-object v1, Lcom/harnesslab/devicekit/MainActivity;->POLICY:Ljava/lang/String;
    invoke-virtual {v0, v1}, Landroid/app/AlertDialog$Builder;->setMessage(Ljava/lang/CharSequence;)Landroid/app/AlertDialog$Builder;
    const/4 v1, 0x0
    invoke-virtual {v0, v1}, Landroid/app/AlertDialog$Builder;->setCancelable(Z)Landroid/app/AlertDialog$Builder;
    const-string v1, "同意"
    const/4 v2, 0x1
    invoke-direct {p0, v2}, Lcom/harnesslab/devicekit/MainActivity;->action(I)Lcom/harnesslab/devicekit/MainActivity$Action;
    move-result-object v2
    invoke-virtual {v0, v1, v2}, Landroid/app/AlertDialog$Builder;->setPositiveButton(Ljava/lang/CharSequence;Landroid/content/DialogInterface$OnClickListener;)Landroid/app/AlertDialog$Builder;
    const-string v1, "不同意"
    const/4 v2, 0x2
    invoke-direct {p0, v2}, Lcom/harnesslab/devicekit/MainActivity;->action(I)Lcom/harnesslab/devicekit/MainActivity$Action;
    move-result-object v2
    invoke-virtual {v0, v1, v2}, Landroid/app/AlertDialog$Builder;->setNegativeButton(Ljava/lang/CharSequence;Landroid/content/DialogInterface$OnClickListener;)Landroid/app/AlertDialog$Builder;
    invoke-virtual {v0}, Landroid/app/AlertDialog$Builder;->show()Landroid/app/AlertDialog;
    return-void
.end method

.method onAgree()V
    .locals 3
    invoke-direct {p0}, Lcom/harnesslab/devicekit/MainActivity;->prefs()Landroid/content/SharedPreferences;
    move-result-object v0
    invoke-interface {v0}, Landroid/content/SharedPreferences;->edit()Landroid/content/SharedPreferences$Editor;
    move-result-object v0
    sget-object v1, Lcom/harnesslab/devicekit/MainActivity;->AGREED:Ljava/lang/String;
    const/4 v2, 0x1
    invoke-interface {v0, v1, v2}, Landroid/content/SharedPreferences$Editor;->putBoolean(Ljava/lang/String;Z)Landroid/content/SharedPreferences$Editor;
    move-result-object v0
    invoke-interface {v0}, Landroid/content/SharedPreferences$Editor;->apply()V
    invoke-static {p0}, Lcom/harnesslab/devicekit/DeviceInfo;->collectLocation(Landroid/content/Context;)Ljava/lang/String;
    move-result-object v0
    iput-object v0, p0, Lcom/harnesslab/devicekit/MainActivity;->where:Ljava/lang/String;
    invoke-virtual {p0}, Lcom/harnesslab/devicekit/MainActivity;->showHome()V
    return-void
.end method

.method showHome()V
    .locals 4
    invoke-direct {p0}, Lcom/harnesslab/devicekit/MainActivity;->page()Landroid/widget/LinearLayout;
    move-result-object v0
    const-string v1, "校准助手"
    invoke-direct {p0, v0, v1}, Lcom/harnesslab/devicekit/MainActivity;->text(Landroid/widget/LinearLayout;Ljava/lang/String;)V
    const-string v1, "已同意隐私政策"
    invoke-direct {p0, v0, v1}, Lcom/harnesslab/devicekit/MainActivity;->text(Landroid/widget/LinearLayout;Ljava/lang/String;)V
    new-instance v1, Ljava/lang/StringBuilder;
    const-string v2, "当前位置："
    invoke-direct {v1, v2}, Ljava/lang/StringBuilder;-><init>(Ljava/lang/String;)V
    iget-object v2, p0, Lcom/harnesslab/devicekit/MainActivity;->where:Ljava/lang/String;
    invoke-virtual {v1, v2}, Ljava/lang/StringBuilder;->append(Ljava/lang/String;)Ljava/lang/StringBuilder;
    invoke-virtual {v1}, Ljava/lang/StringBuilder;->toString()Ljava/lang/String;
    move-result-object v1
    invoke-direct {p0, v0, v1}, Lcom/harnesslab/devicekit/MainActivity;->text(Landroid/widget/LinearLayout;Ljava/lang/String;)V
    const-string v1, "关于"
    const/4 v2, 0x3
    invoke-direct {p0, v0, v1, v2}, Lcom/harnesslab/devicekit/MainActivity;->button(Landroid/widget/LinearLayout;Ljava/lang/String;I)V
    invoke-virtual {p0, v0}, Lcom/harnesslab/devicekit/MainActivity;->setContentView(Landroid/view/View;)V
    return-void
.end method

.method showAbout()V
    .locals 3
    invoke-direct {p0}, Lcom/harnesslab/devicekit/MainActivity;->page()Landroid/widget/LinearLayout;
    move-result-object v0
    const-string v1, "关于校准助手"
    invoke-direct {p0, v0, v1}, Lcom/harnesslab/devicekit/MainActivity;->text(Landroid/widget/LinearLayout;Ljava/lang/String;)V
    const-string v1, "版本 1.0 (device kit)"
    invoke-direct {p0, v0, v1}, Lcom/harnesslab/devicekit/MainActivity;->text(Landroid/widget/LinearLayout;Ljava/lang/String;)V
    const-string v1, "返回"
    const/4 v2, 0x4
    invoke-direct {p0, v0, v1, v2}, Lcom/harnesslab/devicekit/MainActivity;->button(Landroid/widget/LinearLayout;Ljava/lang/String;I)V
    invoke-virtual {p0, v0}, Lcom/harnesslab/devicekit/MainActivity;->setContentView(Landroid/view/View;)V
    return-void
.end method

.method showRefused()V
    .locals 3
    invoke-direct {p0}, Lcom/harnesslab/devicekit/MainActivity;->page()Landroid/widget/LinearLayout;
    move-result-object v0
    const-string v1, "您需要同意隐私政策后才能使用本应用"
    invoke-direct {p0, v0, v1}, Lcom/harnesslab/devicekit/MainActivity;->text(Landroid/widget/LinearLayout;Ljava/lang/String;)V
    const-string v1, "重新查看"
    const/4 v2, 0x5
    invoke-direct {p0, v0, v1, v2}, Lcom/harnesslab/devicekit/MainActivity;->button(Landroid/widget/LinearLayout;Ljava/lang/String;I)V
    const-string v1, "退出"
    const/4 v2, 0x6
    invoke-direct {p0, v0, v1, v2}, Lcom/harnesslab/devicekit/MainActivity;->button(Landroid/widget/LinearLayout;Ljava/lang/String;I)V
    invoke-virtual {p0, v0}, Lcom/harnesslab/devicekit/MainActivity;->setContentView(Landroid/view/View;)V
    return-void
.end method

# A vertical page with some room at the top (below the status bar).
.method private page()Landroid/widget/LinearLayout;
    .locals 3
    new-instance v0, Landroid/widget/LinearLayout;
    invoke-direct {v0, p0}, Landroid/widget/LinearLayout;-><init>(Landroid/content/Context;)V
    const/4 v1, 0x1
    invoke-virtual {v0, v1}, Landroid/widget/LinearLayout;->setOrientation(I)V
    const/16 v1, 0x30
    const/16 v2, 0xb4
    invoke-virtual {v0, v1, v2, v1, v1}, Landroid/widget/LinearLayout;->setPadding(IIII)V
    return-object v0
.end method

.method private text(Landroid/widget/LinearLayout;Ljava/lang/String;)V
    .locals 2
    new-instance v0, Landroid/widget/TextView;
    invoke-direct {v0, p0}, Landroid/widget/TextView;-><init>(Landroid/content/Context;)V
    invoke-virtual {v0, p2}, Landroid/widget/TextView;->setText(Ljava/lang/CharSequence;)V
    const/high16 v1, 0x41a00000  # 20.0f sp
    invoke-virtual {v0, v1}, Landroid/widget/TextView;->setTextSize(F)V
    invoke-virtual {p1, v0}, Landroid/widget/LinearLayout;->addView(Landroid/view/View;)V
    return-void
.end method

.method private button(Landroid/widget/LinearLayout;Ljava/lang/String;I)V
    .locals 2
    new-instance v0, Landroid/widget/Button;
    invoke-direct {v0, p0}, Landroid/widget/Button;-><init>(Landroid/content/Context;)V
    invoke-virtual {v0, p2}, Landroid/widget/Button;->setText(Ljava/lang/CharSequence;)V
    invoke-direct {p0, p3}, Lcom/harnesslab/devicekit/MainActivity;->action(I)Lcom/harnesslab/devicekit/MainActivity$Action;
    move-result-object v1
    invoke-virtual {v0, v1}, Landroid/widget/Button;->setOnClickListener(Landroid/view/View$OnClickListener;)V
    invoke-virtual {p1, v0}, Landroid/widget/LinearLayout;->addView(Landroid/view/View;)V
    return-void
.end method
