// electron-builder afterPack hook: flips Electron fuses in the packaged binary so that it cannot
// be repurposed as a plain Node runtime (no ELECTRON_RUN_AS_NODE, no NODE_OPTIONS, no --inspect)
// and only loads the app from its own asar archive, whose integrity is checked.
const path = require('node:path');
const { flipFuses, FuseVersion, FuseV1Options } = require('@electron/fuses');

const FUSES = {
  version: FuseVersion.V1,
  [FuseV1Options.RunAsNode]: false,
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  [FuseV1Options.EnableCookieEncryption]: true,
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
};

function executableOf(context) {
  const name = context.packager.appInfo.productFilename;
  switch (context.electronPlatformName) {
    case 'darwin':
    case 'mas':
      return path.join(context.appOutDir, `${name}.app`);
    case 'win32':
      return path.join(context.appOutDir, `${name}.exe`);
    default:
      return path.join(context.appOutDir, context.packager.executableName);
  }
}

module.exports = async function afterPack(context) {
  await flipFuses(executableOf(context), {
    ...FUSES,
    resetAdHocDarwinSignature: context.electronPlatformName === 'darwin',
  });
};
module.exports.FUSES = FUSES;
