# Device kit: a stand-in for a third-party analytics SDK bundled in the app (Umeng's package
# name, so the harness's SDK database attributes it), as the calibration lab app's
# MobclickAgent.java. onStartup sends the identifiers it is given to the SDK's real log host
# at once, on a worker thread (Android forbids network on the main thread): the pre-consent
# share. The MAC is Android's placeholder on a real phone, which must never count as shared.
.class public final Lcom/umeng/analytics/MobclickAgent;
.super Ljava/lang/Object;
.source "MobclickAgent.smali"


.method private constructor <init>()V
    .locals 0
    invoke-direct {p0}, Ljava/lang/Object;-><init>()V
    return-void
.end method

.method public static onStartup(Landroid/content/Context;Ljava/lang/String;Ljava/lang/String;Ljava/lang/String;Ljava/lang/String;)V
    .locals 3
    new-instance v0, Ljava/lang/StringBuilder;
    const-string v1, "appkey="
    invoke-direct {v0, v1}, Ljava/lang/StringBuilder;-><init>(Ljava/lang/String;)V
    invoke-static {p1}, Lcom/umeng/analytics/MobclickAgent;->encode(Ljava/lang/String;)Ljava/lang/String;
    move-result-object v1
    invoke-virtual {v0, v1}, Ljava/lang/StringBuilder;->append(Ljava/lang/String;)Ljava/lang/StringBuilder;
    const-string v1, "&imei="
    invoke-virtual {v0, v1}, Ljava/lang/StringBuilder;->append(Ljava/lang/String;)Ljava/lang/StringBuilder;
    invoke-static {p2}, Lcom/umeng/analytics/MobclickAgent;->encode(Ljava/lang/String;)Ljava/lang/String;
    move-result-object v1
    invoke-virtual {v0, v1}, Ljava/lang/StringBuilder;->append(Ljava/lang/String;)Ljava/lang/StringBuilder;
    const-string v1, "&android_id="
    invoke-virtual {v0, v1}, Ljava/lang/StringBuilder;->append(Ljava/lang/String;)Ljava/lang/StringBuilder;
    invoke-static {p3}, Lcom/umeng/analytics/MobclickAgent;->encode(Ljava/lang/String;)Ljava/lang/String;
    move-result-object v1
    invoke-virtual {v0, v1}, Ljava/lang/StringBuilder;->append(Ljava/lang/String;)Ljava/lang/StringBuilder;
    const-string v1, "&mac="
    invoke-virtual {v0, v1}, Ljava/lang/StringBuilder;->append(Ljava/lang/String;)Ljava/lang/StringBuilder;
    invoke-static {p4}, Lcom/umeng/analytics/MobclickAgent;->encode(Ljava/lang/String;)Ljava/lang/String;
    move-result-object v1
    invoke-virtual {v0, v1}, Ljava/lang/StringBuilder;->append(Ljava/lang/String;)Ljava/lang/StringBuilder;
    const-string v1, "&os=android"
    invoke-virtual {v0, v1}, Ljava/lang/StringBuilder;->append(Ljava/lang/String;)Ljava/lang/StringBuilder;
    invoke-virtual {v0}, Ljava/lang/StringBuilder;->toString()Ljava/lang/String;
    move-result-object v0
    new-instance v1, Lcom/umeng/analytics/MobclickAgent$Sender;
    invoke-direct {v1, v0}, Lcom/umeng/analytics/MobclickAgent$Sender;-><init>(Ljava/lang/String;)V
    new-instance v2, Ljava/lang/Thread;
    const-string v0, "umeng-startup"
    invoke-direct {v2, v1, v0}, Ljava/lang/Thread;-><init>(Ljava/lang/Runnable;Ljava/lang/String;)V
    invoke-virtual {v2}, Ljava/lang/Thread;->start()V
    return-void
.end method

# URL-encoded UTF-8; null (a refused read) is sent as empty.
.method static encode(Ljava/lang/String;)Ljava/lang/String;
    .locals 1
    if-eqz p0, :empty
    :try_start
    const-string v0, "UTF-8"
    invoke-static {p0, v0}, Ljava/net/URLEncoder;->encode(Ljava/lang/String;Ljava/lang/String;)Ljava/lang/String;
    move-result-object v0
    :try_end
    .catch Ljava/io/UnsupportedEncodingException; {:try_start .. :try_end} :unencodable
    return-object v0
    :empty
    const-string v0, ""
    return-object v0
    :unencodable
    const-string v0, ""
    return-object v0
.end method
