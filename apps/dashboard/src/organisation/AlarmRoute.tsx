import type { AlarmContact } from "@krisstod/contracts";

/** A larmväg as its organisation wrote it: the number to ring, the address, the way in words. */
export function AlarmRoute({ contact, none }: { contact: AlarmContact | null | undefined; none: string }) {
  if (!contact) return <span className="hint">{none}</span>;
  return (
    <>
      {contact.phone && <a href={`tel:${contact.phone}`}>{contact.phone}</a>}
      {contact.email && <a href={`mailto:${contact.email}`}>{contact.email}</a>}
      {contact.note && <span>{contact.note}</span>}
    </>
  );
}
