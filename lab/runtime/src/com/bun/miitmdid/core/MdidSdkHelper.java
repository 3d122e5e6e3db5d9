// Host-lab stand-in for the MSA OAID SDK's entry point: InitSdk answers the listener at once,
// on the calling thread, with a supplier whose OAID is the host-lab device's advertising_id.
// Returns 0 (INIT_OK), as the real SDK's error codes start at 1008610.
package com.bun.miitmdid.core;

import android.content.Context;
import com.bun.miitmdid.interfaces.IIdentifierListener;
import com.bun.miitmdid.supplier.DefaultSupplier;

public final class MdidSdkHelper {
    public static final int INIT_OK = 0;

    private MdidSdkHelper() {}

    public static int InitSdk(Context context, boolean isLogOn, IIdentifierListener listener) {
        listener.OnSupport(true, new DefaultSupplier(context.getPackageName()));
        return INIT_OK;
    }
}
