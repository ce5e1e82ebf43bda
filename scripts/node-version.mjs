// The one supported Node release, shared by the launcher's preflight (`npm start`) and its test.
// Keep it equal to `engines.node` in package.json, `.ci/node.sh` and the images' NODE_IMAGE.
export const SUPPORTED = { major: 22, minor: 12 };

/** Why this Node cannot run Krisstöd, or undefined when it can. `version` as in process.versions.node. */
export function nodeVersionProblem(version) {
  const [major = 0, minor = 0] = version.split(".").map(Number);
  if (major > SUPPORTED.major || (major === SUPPORTED.major && minor >= SUPPORTED.minor)) return undefined;
  const wanted = `${SUPPORTED.major}.${SUPPORTED.minor}`;
  return (
    `Node ${version} is older than ${wanted}, the oldest release Krisstöd supports. ` +
    `Install Node ${SUPPORTED.major} LTS (${wanted} or later, https://nodejs.org) and run npm start again.`
  );
}
