import { z } from "zod";

/**
 * RFC 9457 problem details, with the request id and the fields that were wrong. `code` is the
 * refusal's stable, language-neutral name (e.g. "incident-closed"): a client shows the user its
 * translation, never the English `detail`.
 */
export const Problem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  code: z.string().optional(),
  detail: z.string().optional(),
  instance: z.string().optional(),
  requestId: z.string().optional(),
  errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
});
export type Problem = z.infer<typeof Problem>;
