/**
 * A researcher's items still to do (六个一 not yet recorded) on one team's board, in the board's
 * order (region by region, item by item): what their home lists, each a tap from its visit form.
 */
export interface BoardRegion {
  regionId: string;
  regionName: string | null;
  items: Array<{ item: string; done: boolean }>;
}
export interface ResearchTodo {
  regionId: string;
  regionName: string;
  item: string;
  href: string;
}

export function researchTodos(teamId: string, board: BoardRegion[]): ResearchTodo[] {
  return board.flatMap((region) =>
    region.items
      .filter((cell) => !cell.done)
      .map((cell) => ({
        regionId: region.regionId,
        regionName: region.regionName ?? '—',
        item: cell.item,
        href: `/research/teams/${teamId}/visit?${new URLSearchParams({ region: region.regionId, item: cell.item })}`,
      })),
  );
}
