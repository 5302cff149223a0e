/**
 * The page's first view (PRODUCT.md "What people found in 0.1"): a newcomer opens the zone preset, compared with the
 * same scenario without the zone, so the controls are live and the money and prices differ from the start. The
 * command line's default preset (src/scenario/presets.ts) is unchanged.
 */

/** The preset the page opens on when no link says otherwise. */
export const FIRST_VIEW_PRESET = 'rare-earths-zone-2026';
