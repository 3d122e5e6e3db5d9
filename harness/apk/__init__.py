"""Static APK inspection: manifest, permissions, components, and SDKs from dex class names.

`archive` opens an APK or a split set (.apks, .xapk, .apkm), `manifest` decodes the binary
AndroidManifest.xml (apkInspector, through `_quiet`), `dex` lists class names, `permissions`
maps Android permissions to data categories, `inspect` puts them together as an ApkReport,
`signer` reads the signing certificates' digests, and `build` signs test APKs with Debian's
tools.

This face re-exports nothing: importing `harness.apk.permissions` must not import
apkInspector. May import: harness.model, harness.sdk, harness.errors, harness.yamlfile;
apkInspector, cryptography. `apk.permissions` is the permission table the rules read: it
imports only the model and yamlfile.
"""
