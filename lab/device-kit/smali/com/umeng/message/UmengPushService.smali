# Device kit: a push SDK's service in the app's second process (android:process=":push" in
# AndroidManifest.xml), started by the main activity before any consent. It reads the
# ANDROID_ID once when its process starts, as push SDKs do to register the device; in Umeng's
# push package, so the harness attributes the read to that SDK. It sends nothing.
.class public Lcom/umeng/message/UmengPushService;
.super Landroid/app/Service;
.source "UmengPushService.smali"


.method public constructor <init>()V
    .locals 0
    invoke-direct {p0}, Landroid/app/Service;-><init>()V
    return-void
.end method

.method public onCreate()V
    .locals 2
    invoke-super {p0}, Landroid/app/Service;->onCreate()V
    invoke-virtual {p0}, Lcom/umeng/message/UmengPushService;->getContentResolver()Landroid/content/ContentResolver;
    move-result-object v0
    const-string v1, "android_id"
    invoke-static {v0, v1}, Landroid/provider/Settings$Secure;->getString(Landroid/content/ContentResolver;Ljava/lang/String;)Ljava/lang/String;
    const-string v0, "umeng-push"
    const-string v1, "push service registered the device"
    invoke-static {v0, v1}, Landroid/util/Log;->i(Ljava/lang/String;Ljava/lang/String;)I
    return-void
.end method

.method public onStartCommand(Landroid/content/Intent;II)I
    .locals 1
    const/4 v0, 0x2  # START_NOT_STICKY: not restarted by the system after the session
    return v0
.end method

.method public onBind(Landroid/content/Intent;)Landroid/os/IBinder;
    .locals 1
    const/4 v0, 0x0
    return-object v0
.end method
