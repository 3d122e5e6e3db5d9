// Host-lab stand-in for the MSA OAID SDK's callback interface.
package com.bun.miitmdid.interfaces;

public interface IIdentifierListener {
    void OnSupport(boolean isSupported, IdSupplier supplier);
}
