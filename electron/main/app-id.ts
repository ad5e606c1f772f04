/**
 * The application id. It must equal `appId` in electron-builder.yml: the NSIS shortcuts carry it as
 * their AppUserModelID, and Windows shows an app's toasts only when the running process declares the
 * same id (tests/unit/packaging.test.ts checks that the two agree).
 */
export const APP_ID = 'dev.vigil.console';
