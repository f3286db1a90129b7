// Pictograms for task kinds, observation kinds and the app's actions: simple
// stroked shapes on a 24×24 grid, readable at a glance and in bright sun.
export const ICONS = {
  // task kinds
  sowing: 'M12 21v-7M12 14c-3 0-5-2-5-5 3 0 5 2 5 5zM12 14c3 0 5-2 5-5-3 0-5 2-5 5zM5 21h14',
  planting: 'M12 21V11M12 11C12 7 9 4 5 4c0 4 3 7 7 7zM12 13c0-3 3-6 7-6 0 4-3 6-7 6zM4 21h16',
  weeding: 'M6 21l4-10M10 11l2-6 2 6M14 11l4 10M4 21h16M17 5l3-3M20 5l-3-3',
  watering: 'M12 3C9 8 6 11 6 15a6 6 0 0 0 12 0c0-4-3-7-6-12z',
  harvesting: 'M3 10h18l-2 10H5zM8 10l2-6M16 10l-2-6',
  mulching: 'M3 17h18M3 13h18M5 9l3-4 3 4 3-4 3 4 3-4',
  maintenance: 'M14 6a4 4 0 0 0 5 5l-9 9-3-3 9-9zM4 20l3-3',
  other: 'M6 12h.01M12 12h.01M18 12h.01',
  // observation kinds
  pest: 'M12 8a3 3 0 1 0 0-.01M9 11h6v6a3 3 0 0 1-6 0zM9 13H5M15 13h4M9 16H6M15 16h3M10 7L8 4M14 7l2-3',
  disease: 'M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18zM9 9h.01M15 10h.01M11 15h.01M15 15h.01',
  weeds: 'M4 21h16M7 21c0-5-2-8-4-9M12 21V9M12 12c-2-2-4-2-6-1M12 10c2-3 4-4 7-4M17 21c0-4 1-7 3-9',
  water: 'M12 3C9 8 6 11 6 15a6 6 0 0 0 12 0c0-4-3-7-6-12zM9 15a3 3 0 0 0 3 3',
  growth: 'M12 21V8M8 12l4-4 4 4M5 21h14M12 8c0-3 2-5 5-5',
  soil: 'M3 9h18M3 14h18M3 19h18M7 9v5M15 14v5M11 19v2',
  biodiversity: 'M12 8v12M12 10c-2-5-7-6-8-3s3 6 8 5zM12 10c2-5 7-6 8-3s-3 6-8 5zM10 4l2 4 2-4',
  weather_damage: 'M7 15a4 4 0 1 1 1-8 5 5 0 0 1 9 2 3 3 0 0 1 0 6zM12 13l-2 4h3l-2 4',
  // actions and screens
  today: 'M5 5h14v15H5zM5 9h14M9 3v4M15 3v4M9 14l2 2 4-4',
  harvest: 'M3 10h18l-2 10H5zM8 10l2-6M16 10l-2-6',
  observe: 'M2 12s4-7 10-7 10 7 10 7-4 7-10 7S2 12 2 12zM12 9a3 3 0 1 0 0 6 3 3 0 0 0 0-6z',
  garden: 'M3 4h7v7H3zM14 4h7v7h-7zM3 14h7v7H3zM14 14h7v7h-7z',
  planning: 'M4 6h16M4 12h10M4 18h7M17 15v6M14 18h6',
  conflicts: 'M12 3l9 17H3zM12 10v4M12 17h.01',
  reports: 'M4 20V10M10 20V4M16 20v-7M2 20h20',
  sync: 'M4 12a8 8 0 0 1 14-5l2-2v6h-6l2-2a5 5 0 0 0-9 3M20 12a8 8 0 0 1-14 5l-2 2v-6h6l-2 2a5 5 0 0 0 9-3',
  check: 'M5 12l5 5 9-10',
  undo: 'M9 14L4 9l5-5M4 9h11a5 5 0 0 1 0 10h-3',
  cross: 'M6 6l12 12M18 6L6 18',
  back: 'M15 5l-7 7 7 7',
  person: 'M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM4 21a8 8 0 0 1 16 0',
  backspace: 'M21 5H9l-6 7 6 7h12zM12 9l6 6M18 9l-6 6',
  // abandon reasons
  weather: 'M7 14a4 4 0 1 1 1-8 5 5 0 0 1 9 2 3 3 0 0 1 0 6zM8 17l-1 3M12 17l-1 3M16 17l-1 3',
  no_time: 'M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18zM12 7v5l3 3',
  not_needed: 'M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18zM6 6l12 12',
  crop_lost: 'M12 21v-8M12 13c-4 0-6-2-7-5 3 0 6 1 7 5zM12 13c2-3 5-4 7-3-1 3-3 4-7 3M4 4l16 16',
  equipment: 'M14 6a4 4 0 0 0 5 5l-9 9-3-3 9-9zM4 4l16 16',
  // `other` is the task kind's (three dots)
} as const;

export type IconName = keyof typeof ICONS;
