/**
 * Before the system tests: every program they drive must be here. A missing one stops the whole run
 * with what to install (it never lets a test skip): .ci/run installs them on Debian.
 */
const { execFileSync } = require('child_process');
const { existsSync } = require('fs');
const path = require('path');

function onPath(name) {
  return (process.env.PATH || '').split(path.delimiter).some((dir) => dir && existsSync(path.join(dir, name)));
}

function works(cmd, args) {
  try {
    execFileSync(cmd, args, { stdio: 'ignore', timeout: 30000 });
    return true;
  } catch {
    return false;
  }
}

const NEEDS = [
  { what: 'Chromium at /usr/bin/chromium (test/system/browser.test.ts)', debian: 'chromium', ok: () => existsSync('/usr/bin/chromium') },
  { what: 'LibreOffice, soffice (test/system/libreoffice*.test.ts)', debian: 'libreoffice-calc', ok: () => !!process.env.SOFFICE || onPath('soffice') || existsSync('/usr/lib/libreoffice/program/soffice') },
  { what: 'Debian\'s Python 3 (/usr/bin/python3) with openpyxl (registers written as openpyxl writes them)', debian: 'python3-openpyxl', ok: () => works('/usr/bin/python3', ['-c', 'import openpyxl']) },
];

module.exports = async () => {
  const missing = NEEDS.filter((n) => !n.ok());
  if (missing.length) {
    throw new Error(
      'The system tests need programs that are not on this machine:\n' +
        missing.map((n) => `  - ${n.what}: apt-get install -y ${n.debian}`).join('\n') +
        '\n`bash .ci/run` installs them; `npm test` runs every test that needs none of them.',
    );
  }
};
