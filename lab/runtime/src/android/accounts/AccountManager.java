// Host-lab stand-in for android.accounts.AccountManager: one account, the host-lab device's
// accounts identifier ("name" or "name:type"; type com.google by default), visible as on
// the lab phone's Android (see visible()).
package android.accounts;

import android.content.Context;
import harness.lab.LabIdentifiers;
import harness.lab.LabPlatform;
import java.util.ArrayList;
import java.util.List;

public class AccountManager {
    private final Context context;

    public AccountManager(Context context) {
        this.context = context;
    }

    public static AccountManager get(Context context) {
        return (AccountManager) context.getSystemService(Context.ACCOUNT_SERVICE);
    }

    private static Account account() {
        String[] parts = LabIdentifiers.get("accounts").split(":", 2);
        return new Account(parts[0], parts.length > 1 ? parts[1] : "com.google");
    }

    /**
     * The Google account belongs to another app's authenticator: Android 8+ shows it only to
     * apps it was made visible to (none here), Android 6-7 with GET_ACCOUNTS, older ones always.
     */
    private boolean visible() {
        if (!LabPlatform.classic() && LabPlatform.apiLevel() >= 26) {
            return false;
        }
        return LabPlatform.holds(context, "android.permission.GET_ACCOUNTS");
    }

    public Account[] getAccounts() {
        return visible() ? new Account[] {account()} : new Account[0];
    }

    public Account[] getAccountsByType(String type) {
        List<Account> out = new ArrayList<>();
        if (!visible()) {
            return new Account[0];
        }
        Account only = account();
        if (only.type.equals(type)) {
            out.add(only);
        }
        return out.toArray(new Account[0]);
    }

    @Override
    public String toString() {
        return "AccountManager{" + context.getPackageName() + "}";
    }
}
