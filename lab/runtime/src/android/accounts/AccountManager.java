// Host-lab stand-in for android.accounts.AccountManager: one account, the host-lab device's
// accounts identifier ("name" or "name:type"; type com.google by default).
package android.accounts;

import android.content.Context;
import harness.lab.LabIdentifiers;
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

    public Account[] getAccounts() {
        return new Account[] {account()};
    }

    public Account[] getAccountsByType(String type) {
        List<Account> out = new ArrayList<>();
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
