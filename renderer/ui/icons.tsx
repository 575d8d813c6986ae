const common = {
  width: 14,
  height: 14,
  viewBox: '0 0 16 16',
  fill: 'none',
  stroke: 'currentColor',
  strokeWidth: 1.4,
  'aria-hidden': true,
} as const;

/** Small line icons for the file tree's row actions (no icon font needed). */
export const RenameIcon = () => (
  <svg {...common} aria-hidden="true">
    <path d="M11 2.5l2.5 2.5L6 12.5H3.5V10z" />
  </svg>
);

export const DuplicateIcon = () => (
  <svg {...common} aria-hidden="true">
    <rect x="5.5" y="5.5" width="8" height="8" rx="1" />
    <path d="M10.5 3.5v-1h-8v8h1" />
  </svg>
);

export const DeleteIcon = () => (
  <svg {...common} aria-hidden="true">
    <path d="M3 4.5h10M6.5 4.5V3h3v1.5M4.5 4.5l.7 8.5h5.6l.7-8.5" />
  </svg>
);

export const NewFileIcon = () => (
  <svg {...common} aria-hidden="true">
    <path d="M8 3v10M3 8h10" />
  </svg>
);

export const NewFolderIcon = () => (
  <svg {...common} aria-hidden="true">
    <path d="M2 4.5h4l1.5 1.5H14v7H2z" />
    <path d="M8 8v3.5M6.25 9.75h3.5" />
  </svg>
);

/** A clock with an arrow going back: a file's history (⏱ is an empty box without an emoji font). */
export const HistoryIcon = () => (
  <svg {...common} aria-hidden="true">
    <path d="M2.5 8a5.5 5.5 0 1 0 1.6-3.9" />
    <path d="M3.8 1.8v2.6h2.6" />
    <path d="M8 5v3.2l2.2 1.4" />
  </svg>
);
