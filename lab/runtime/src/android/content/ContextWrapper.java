// Host-lab stand-in for android.content.ContextWrapper: delegates to a base context, as on
// Android (android.app.Application extends it).
package android.content;

import android.content.pm.PackageManager;

public class ContextWrapper extends Context {
    private Context base;

    public ContextWrapper(Context base) {
        this.base = base;
    }

    protected void attachBaseContext(Context base) {
        if (this.base != null) {
            throw new IllegalStateException("Base context already set");
        }
        this.base = base;
    }

    public Context getBaseContext() {
        return base;
    }

    @Override
    public Object getSystemService(String name) {
        return base.getSystemService(name);
    }

    @Override
    public ContentResolver getContentResolver() {
        return base.getContentResolver();
    }

    @Override
    public PackageManager getPackageManager() {
        return base.getPackageManager();
    }

    @Override
    public String getPackageName() {
        return base.getPackageName();
    }

    @Override
    public int checkSelfPermission(String permission) {
        return base.checkSelfPermission(permission);
    }

    @Override
    public ComponentName startService(Intent service) {
        return base.startService(service);
    }

    @Override
    public ComponentName startForegroundService(Intent service) {
        return base.startForegroundService(service);
    }

    @Override
    public boolean bindService(Intent service, ServiceConnection conn, int flags) {
        return base.bindService(service, conn, flags);
    }

    @Override
    public void startActivity(Intent intent) {
        base.startActivity(intent);
    }

    @Override
    public void startActivity(Intent intent, android.os.Bundle options) {
        base.startActivity(intent, options);
    }

    @Override
    public void sendBroadcast(Intent intent) {
        base.sendBroadcast(intent);
    }

    @Override
    public void sendBroadcast(Intent intent, String receiverPermission) {
        base.sendBroadcast(intent, receiverPermission);
    }
}
