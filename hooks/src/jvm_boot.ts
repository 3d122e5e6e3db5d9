// Runs a callback as soon as a Java VM exists in the process, before the app's first line.
//
// On Android the app process already has ART when the agent loads. On the host lab the
// process is a suspended `java` launcher: libjvm.so is not loaded yet, so we wait for it and
// install hooks in onLeave of JNI_CreateJavaVM — after the VM exists, before main() runs.

import Java from "frida-java-bridge";

export function whenJavaReady(callback: () => void): string {
    if (Java.available) {
        Java.perform(callback);
        return "java-available";
    }
    let armed = false;
    const arm = (module: Module): void => {
        if (armed || module.name !== "libjvm.so") {
            return;
        }
        armed = true;
        const create = module.getExportByName("JNI_CreateJavaVM");
        Interceptor.attach(create, {
            onLeave() {
                Java.perform(callback);
            },
        });
    };
    const loaded = Process.findModuleByName("libjvm.so");
    if (loaded !== null) {
        // The VM library is mapped; the VM itself is created by the launcher's thread later.
        arm(loaded);
        return "libjvm-mapped";
    }
    Process.attachModuleObserver({ onAdded: arm });
    return "waiting-for-libjvm";
}
