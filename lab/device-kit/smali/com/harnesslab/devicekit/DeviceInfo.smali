# Device kit: every personal-data read of the app, one clearly named method each (as the
# calibration lab app's DeviceInfo.java), so a hooked call's Java stack names the app method.
# Reads the OS refuses (no runtime permission is ever granted to the kit: SecurityException)
# are caught, as real apps do; the hooks still see the call. A handler is reached only by a
# throw (normal-flow branches have their own labels), as javac and d8 lay code out.
.class final Lcom/harnesslab/devicekit/DeviceInfo;
.super Ljava/lang/Object;
.source "DeviceInfo.smali"


.method private constructor <init>()V
    .locals 0
    invoke-direct {p0}, Ljava/lang/Object;-><init>()V
    return-void
.end method

# TelephonyManager.getDeviceId(): refused to apps on Android 10+ and without READ_PHONE_STATE.
.method static collectDeviceId(Landroid/content/Context;)Ljava/lang/String;
    .locals 1
    :try_start
    const-string v0, "phone"
    invoke-virtual {p0, v0}, Landroid/content/Context;->getSystemService(Ljava/lang/String;)Ljava/lang/Object;
    move-result-object v0
    check-cast v0, Landroid/telephony/TelephonyManager;
    invoke-virtual {v0}, Landroid/telephony/TelephonyManager;->getDeviceId()Ljava/lang/String;
    move-result-object v0
    :try_end
    .catch Ljava/lang/RuntimeException; {:try_start .. :try_end} :refused
    return-object v0
    :refused
    const-string v0, ""
    return-object v0
.end method

# Settings.Secure ANDROID_ID: on Android 8+ each app (signing key) sees its own value.
.method static collectAndroidId(Landroid/content/Context;)Ljava/lang/String;
    .locals 2
    invoke-virtual {p0}, Landroid/content/Context;->getContentResolver()Landroid/content/ContentResolver;
    move-result-object v0
    const-string v1, "android_id"
    invoke-static {v0, v1}, Landroid/provider/Settings$Secure;->getString(Landroid/content/ContentResolver;Ljava/lang/String;)Ljava/lang/String;
    move-result-object v0
    return-object v0
.end method

# WifiInfo.getMacAddress(): Android 6+ answers the placeholder 02:00:00:00:00:00.
.method static collectMacAddress(Landroid/content/Context;)Ljava/lang/String;
    .locals 2
    :try_start
    invoke-virtual {p0}, Landroid/content/Context;->getApplicationContext()Landroid/content/Context;
    move-result-object v0
    const-string v1, "wifi"
    invoke-virtual {v0, v1}, Landroid/content/Context;->getSystemService(Ljava/lang/String;)Ljava/lang/Object;
    move-result-object v0
    check-cast v0, Landroid/net/wifi/WifiManager;
    invoke-virtual {v0}, Landroid/net/wifi/WifiManager;->getConnectionInfo()Landroid/net/wifi/WifiInfo;
    move-result-object v0
    if-eqz v0, :not_connected
    invoke-virtual {v0}, Landroid/net/wifi/WifiInfo;->getMacAddress()Ljava/lang/String;
    move-result-object v0
    :try_end
    .catch Ljava/lang/RuntimeException; {:try_start .. :try_end} :refused
    return-object v0
    :not_connected
    const-string v0, ""
    return-object v0
    :refused
    const-string v0, ""
    return-object v0
.end method

# The last known GPS fix as "lat, lon", or 未知 when there is none or it is refused.
.method static collectLocation(Landroid/content/Context;)Ljava/lang/String;
    .locals 4
    :try_start
    const-string v0, "location"
    invoke-virtual {p0, v0}, Landroid/content/Context;->getSystemService(Ljava/lang/String;)Ljava/lang/Object;
    move-result-object v0
    check-cast v0, Landroid/location/LocationManager;
    const-string v1, "gps"
    invoke-virtual {v0, v1}, Landroid/location/LocationManager;->getLastKnownLocation(Ljava/lang/String;)Landroid/location/Location;
    move-result-object v0
    if-eqz v0, :no_fix
    new-instance v3, Ljava/lang/StringBuilder;
    invoke-direct {v3}, Ljava/lang/StringBuilder;-><init>()V
    invoke-virtual {v0}, Landroid/location/Location;->getLatitude()D
    move-result-wide v1
    invoke-virtual {v3, v1, v2}, Ljava/lang/StringBuilder;->append(D)Ljava/lang/StringBuilder;
    const-string v1, ", "
    invoke-virtual {v3, v1}, Ljava/lang/StringBuilder;->append(Ljava/lang/String;)Ljava/lang/StringBuilder;
    invoke-virtual {v0}, Landroid/location/Location;->getLongitude()D
    move-result-wide v1
    invoke-virtual {v3, v1, v2}, Ljava/lang/StringBuilder;->append(D)Ljava/lang/StringBuilder;
    invoke-virtual {v3}, Ljava/lang/StringBuilder;->toString()Ljava/lang/String;
    move-result-object v0
    :try_end
    .catch Ljava/lang/RuntimeException; {:try_start .. :try_end} :refused
    return-object v0
    :no_fix
    const-string v0, "未知"
    return-object v0
    :refused
    const-string v0, "未知"
    return-object v0
.end method
