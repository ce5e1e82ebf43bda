import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { exportJWK, generateKeyPair, importJWK, type JWK } from "jose";
import { z } from "zod";

type PrivateKey = Awaited<ReturnType<typeof generateKeyPair>>["privateKey"];

export interface SigningKey {
  readonly kid: string;
  readonly privateKey: PrivateKey;
  /** The public half as published in /jwks. */
  readonly publicJwk: JWK;
  /** The whole key as the OpenID provider's keystore takes it (never served). */
  readonly privateJwk: JWK;
}

const StoredKey = z.object({
  kid: z.string().min(1),
  private: z.object({
    kty: z.literal("EC"),
    crv: z.literal("P-256"),
    x: z.string(),
    y: z.string(),
    d: z.string(),
  }),
});

/**
 * An ES256 signing key, kept in `file` when given so that tokens stay valid across restarts of the
 * launcher (a fresh key would sign everybody out). Without a file the key lives only in memory.
 */
export async function loadOrCreateSigningKey(file?: string): Promise<SigningKey> {
  if (file) {
    const stored = await readFile(file, "utf8").then(
      (text) => StoredKey.parse(JSON.parse(text)),
      (error: NodeJS.ErrnoException) => {
        if (error.code === "ENOENT") return undefined;
        throw error;
      },
    );
    if (stored) return fromPrivateJwk(stored.kid, stored.private);
  }
  const { privateKey } = await generateKeyPair("ES256", { extractable: true });
  const kid = crypto.randomUUID();
  const privateJwk = await exportJWK(privateKey);
  if (file) {
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, JSON.stringify({ kid, private: privateJwk }), { mode: 0o600 });
    await chmod(file, 0o600);
  }
  return fromPrivateJwk(kid, StoredKey.shape.private.parse(privateJwk));
}

async function fromPrivateJwk(kid: string, jwk: z.infer<typeof StoredKey>["private"]): Promise<SigningKey> {
  const privateKey = await importJWK({ ...jwk, alg: "ES256" }, "ES256");
  if (privateKey instanceof Uint8Array) throw new Error("expected an EC private key");
  const { d: _private, ...publicJwk } = jwk;
  const meta = { kid, alg: "ES256", use: "sig" } as const;
  return { kid, privateKey, publicJwk: { ...publicJwk, ...meta }, privateJwk: { ...jwk, ...meta } };
}
