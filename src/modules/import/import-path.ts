import { existsSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { readImportDir } from '../../config';
import { UserErrorCode, UserInputError } from '../../common/errors';

/**
 * Resolves a path given to the API against IMPORT_DIR and refuses anything outside it (`..`, an
 * absolute path elsewhere, a symlink leading out): the API must not become a way to read any file
 * the server can. Relative paths are taken from IMPORT_DIR.
 */
export function resolveImportPath(requested: string, field: string[], env: NodeJS.ProcessEnv = process.env): string {
  const dir = readImportDir(env);
  if (!dir) throw UserInputError.of(UserErrorCode.FORBIDDEN, field, 'Imports over the API are turned off: the server has no IMPORT_DIR');
  const root = realpathSync(dir);
  const candidate = path.resolve(root, requested);
  if (!existsSync(candidate)) throw UserInputError.of(UserErrorCode.NOT_FOUND, field, `No file or folder ${requested} in the import directory`);
  const real = realpathSync(candidate);
  if (real !== root && !real.startsWith(root + path.sep)) {
    throw UserInputError.of(UserErrorCode.FORBIDDEN, field, 'The path must be inside the import directory (IMPORT_DIR)');
  }
  if (real === root) throw UserInputError.of(UserErrorCode.INVALID, field, 'Name a file or folder inside the import directory, not the directory itself');
  return real;
}
