// Host-lab stand-in for android.app.ActivityManager: the "running" processes, tasks and
// services are the app itself plus the first of the host-lab device's installed_apps.
package android.app;

import android.content.ComponentName;
import android.content.Context;
import harness.lab.LabIdentifiers;
import java.util.ArrayList;
import java.util.List;

public class ActivityManager {
    public static class RunningAppProcessInfo {
        public String processName;
        public int pid;

        RunningAppProcessInfo(String processName, int pid) {
            this.processName = processName;
            this.pid = pid;
        }

        @Override
        public String toString() {
            return "RunningAppProcessInfo{" + processName + " pid=" + pid + "}";
        }
    }

    public static class RunningTaskInfo {
        public ComponentName topActivity;

        @Override
        public String toString() {
            return "RunningTaskInfo{" + topActivity + "}";
        }
    }

    public static class RecentTaskInfo {
        public ComponentName baseActivity;

        @Override
        public String toString() {
            return "RecentTaskInfo{" + baseActivity + "}";
        }
    }

    public static class RunningServiceInfo {
        public ComponentName service;
        public String process;

        @Override
        public String toString() {
            return "RunningServiceInfo{" + service + "}";
        }
    }

    private final Context context;

    public ActivityManager(Context context) {
        this.context = context;
    }

    private List<String> running() {
        List<String> names = new ArrayList<>();
        names.add(context.getPackageName());
        String first = LabIdentifiers.get("installed_apps").split(",")[0].strip();
        if (!first.isEmpty()) {
            names.add(first);
        }
        return names;
    }

    public List<RunningAppProcessInfo> getRunningAppProcesses() {
        List<RunningAppProcessInfo> out = new ArrayList<>();
        int pid = 4200;
        for (String name : running()) {
            out.add(new RunningAppProcessInfo(name, pid++));
        }
        return out;
    }

    public List<RunningTaskInfo> getRunningTasks(int maxNum) {
        List<RunningTaskInfo> out = new ArrayList<>();
        for (String name : running()) {
            if (out.size() < maxNum) {
                RunningTaskInfo info = new RunningTaskInfo();
                info.topActivity = new ComponentName(name, name + ".MainActivity");
                out.add(info);
            }
        }
        return out;
    }

    public List<RecentTaskInfo> getRecentTasks(int maxNum, int flags) {
        List<RecentTaskInfo> out = new ArrayList<>();
        for (String name : running()) {
            if (out.size() < maxNum) {
                RecentTaskInfo info = new RecentTaskInfo();
                info.baseActivity = new ComponentName(name, name + ".MainActivity");
                out.add(info);
            }
        }
        return out;
    }

    public List<RunningServiceInfo> getRunningServices(int maxNum) {
        List<RunningServiceInfo> out = new ArrayList<>();
        for (String name : running()) {
            if (out.size() < maxNum) {
                RunningServiceInfo info = new RunningServiceInfo();
                info.service = new ComponentName(name, name + ".PushService");
                info.process = name;
                out.add(info);
            }
        }
        return out;
    }

    public PendingIntent getRunningServiceControlPanel(ComponentName service) {
        return new PendingIntent("control-panel:" + service);
    }

    @Override
    public String toString() {
        return "ActivityManager{" + context.getPackageName() + "}";
    }
}
