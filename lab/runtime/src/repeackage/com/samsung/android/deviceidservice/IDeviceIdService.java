// Host-lab stand-in for the MSA SDK's repackaged copy ("repeackage", sic) of Samsung's
// device-id AIDL interface with its client-side IDeviceIdService$Stub$Proxy. No binder on the
// lab: the proxy answers directly. OAID: the advertising_id.
package repeackage.com.samsung.android.deviceidservice;

import harness.lab.LabIdentifiers;

public interface IDeviceIdService {
    String getOAID();

    String getVAID(String packageName);

    String getAAID(String packageName);

    abstract class Stub implements IDeviceIdService {
        public static IDeviceIdService asInterface(Object binder) {
            return new Proxy();
        }

        static class Proxy implements IDeviceIdService {
            @Override
            public String getOAID() {
                return LabIdentifiers.get("advertising_id");
            }

            @Override
            public String getVAID(String packageName) {
                return "lab-vaid-" + packageName;
            }

            @Override
            public String getAAID(String packageName) {
                return "lab-aaid-" + packageName;
            }
        }
    }
}
