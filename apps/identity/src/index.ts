export {
  assertNotProduction,
  createIdentityApp,
  type IdentityApp,
  type IdentityOptions,
  ProductionRefusedError,
} from "./app.ts";
export { demoUsers, findDemoUser } from "./demo-users.ts";
export { type IdentityEnv, identityEnv } from "./env.ts";
export { loadOrCreateSigningKey, type SigningKey } from "./keys.ts";
export { type RunningIdentity, startIdentity } from "./start.ts";
