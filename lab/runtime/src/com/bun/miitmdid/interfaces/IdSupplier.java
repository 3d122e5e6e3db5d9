// Host-lab stand-in for the MSA (移动安全联盟) OAID SDK's result interface.
package com.bun.miitmdid.interfaces;

public interface IdSupplier {
    boolean isSupported();

    String getOAID();

    String getVAID();

    String getAAID();
}
