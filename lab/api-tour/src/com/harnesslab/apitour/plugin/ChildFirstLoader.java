// API-tour lab app: a plugin class loader that defines the plugin's own classes itself
// (child first, from the app's class files, as a plugin framework loads a downloaded dex) and
// delegates everything else, including the SDK's API interfaces, to the app's loader.
package com.harnesslab.apitour.plugin;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

final class ChildFirstLoader extends ClassLoader {
    private final List<String> ownPackages;

    ChildFirstLoader(String name, ClassLoader parent, List<String> ownPackages) {
        super(name, parent);
        this.ownPackages = List.copyOf(ownPackages);
    }

    @Override
    protected Class<?> loadClass(String className, boolean resolve) throws ClassNotFoundException {
        if (ownPackages.stream().noneMatch(className::startsWith)) {
            return super.loadClass(className, resolve);
        }
        synchronized (getClassLoadingLock(className)) {
            Class<?> found = findLoadedClass(className);
            if (found == null) {
                String resource = className.replace('.', '/') + ".class";
                try (InputStream in = getParent().getResourceAsStream(resource)) {
                    if (in == null) {
                        throw new ClassNotFoundException(className);
                    }
                    byte[] bytes = in.readAllBytes();
                    found = defineClass(className, bytes, 0, bytes.length);
                } catch (IOException e) {
                    throw new ClassNotFoundException(className, e);
                }
            }
            if (resolve) {
                resolveClass(found);
            }
            return found;
        }
    }

    @Override
    public String toString() {
        return getName();
    }
}
