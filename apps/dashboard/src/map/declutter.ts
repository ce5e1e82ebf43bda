/** A marker's position on screen, in pixels. */
export interface ScreenPoint {
  readonly id: string;
  readonly x: number;
  readonly y: number;
}

/**
 * Pixel offsets that keep markers from covering each other: markers closer than `distance` to
 * another are gathered into a group and set out on a small circle around the group's centre (the
 * way a spiderfied cluster looks, but always open, so each stays visible and reachable by
 * keyboard). A marker with room of its own keeps offset [0, 0]. Groups are found transitively,
 * so a chain of close markers is spread as one group.
 */
export function spreadOverlapping(
  points: readonly ScreenPoint[],
  distance: number,
): Map<string, [number, number]> {
  const offsets = new Map<string, [number, number]>();
  const groupOf = new Map<string, number>();
  const groups: ScreenPoint[][] = [];
  for (const point of points) {
    const near = new Set<number>();
    for (const other of points) {
      const group = groupOf.get(other.id);
      if (group !== undefined && Math.hypot(point.x - other.x, point.y - other.y) < distance) near.add(group);
    }
    // Join the first close group and merge any other close group into it.
    const [target, ...merged] = [...near];
    const index = target ?? groups.push([]) - 1;
    const members = groups[index] ?? [];
    members.push(point);
    for (const other of merged) {
      for (const member of groups[other] ?? []) {
        members.push(member);
        groupOf.set(member.id, index);
      }
      groups[other] = [];
    }
    groupOf.set(point.id, index);
  }
  for (const members of groups) {
    if (members.length < 2) {
      for (const member of members) offsets.set(member.id, [0, 0]);
      continue;
    }
    const cx = members.reduce((sum, m) => sum + m.x, 0) / members.length;
    const cy = members.reduce((sum, m) => sum + m.y, 0) / members.length;
    // A circle on which neighbours are `distance` apart (the chord of one step), starting at the
    // top; one pixel more makes up for rounding the offsets to whole pixels.
    const radius = (distance + 1) / (2 * Math.sin(Math.PI / members.length));
    const ordered = [...members].sort((a, b) => a.id.localeCompare(b.id));
    ordered.forEach((member, i) => {
      const angle = -Math.PI / 2 + (2 * Math.PI * i) / ordered.length;
      offsets.set(member.id, [
        Math.round(cx + radius * Math.cos(angle) - member.x),
        Math.round(cy + radius * Math.sin(angle) - member.y),
      ]);
    });
  }
  return offsets;
}
