import type { Family } from '../../shared/mermaid/explain/source.ts';
import { KEYWORDS } from '../../shared/mermaid/explain/words.ts';

/** A mermaid diagram type as the editor knows it: how it starts, its keywords and a starter template. */
export interface DiagramType {
  /** The declaration that starts the diagram. */
  keyword: string;
  label: string;
  /** Words that mean something inside this diagram type. */
  keywords: string[];
  template: string;
}

/**
 * The words a statement of `family` may start with, as the core knows them (the same list its
 * "did you mean" compares with), and the editor's `more`: words inside a statement, directions,
 * annotations.
 */
function withCoreWords(family: Family, more: string[]): string[] {
  return [...new Set([...(KEYWORDS[family] ?? []), ...more])];
}

// One entry per diagram type registered by mermaid (its detectors), in the order people reach for them.
export const DIAGRAM_TYPES: DiagramType[] = [
  {
    keyword: 'flowchart',
    label: 'Flowchart',
    keywords: withCoreWords('flowchart', ['graph', 'TB', 'TD', 'BT', 'LR', 'RL', 'call', 'href', 'default']),
    template:
      'flowchart TD\n    start([Start]) --> check{Is it working?}\n    check -->|Yes| done[Ship it]\n    check -->|No| fix[Fix the bug]\n    fix --> check\n',
  },
  {
    keyword: 'sequenceDiagram',
    label: 'Sequence diagram',
    keywords: withCoreWords('sequence', ['as', 'Note', 'left of', 'right of', 'over']),
    template:
      'sequenceDiagram\n    actor User\n    participant App\n    participant API\n    User->>App: Click "Save"\n    App->>+API: PUT /diagram\n    API-->>-App: 200 OK\n    App-->>User: Saved\n',
  },
  {
    keyword: 'classDiagram',
    label: 'Class diagram',
    keywords: withCoreWords('class', [
      'for',
      'end',
      '<<interface>>',
      '<<abstract>>',
      '<<enumeration>>',
      '<<service>>',
    ]),
    template:
      'classDiagram\n    class Shape {\n        <<abstract>>\n        +String name\n        +area() double\n    }\n    class Circle {\n        +double radius\n    }\n    class Square {\n        +double side\n    }\n    Shape <|-- Circle\n    Shape <|-- Square\n',
  },
  {
    keyword: 'stateDiagram-v2',
    label: 'State diagram',
    keywords: withCoreWords('state', [
      'left of',
      'right of',
      'end note',
      'as',
      '<<fork>>',
      '<<join>>',
      '<<choice>>',
      'end',
    ]),
    template:
      'stateDiagram-v2\n    [*] --> Idle\n    Idle --> Running: start\n    Running --> Paused: pause\n    Paused --> Running: resume\n    Running --> [*]: stop\n',
  },
  {
    keyword: 'erDiagram',
    label: 'Entity relationship diagram',
    keywords: withCoreWords('er', ['PK', 'FK', 'UK']),
    template:
      'erDiagram\n    CUSTOMER ||--o{ ORDER : places\n    ORDER ||--|{ LINE_ITEM : contains\n    CUSTOMER {\n        string id PK\n        string name\n    }\n    ORDER {\n        string id PK\n        string customerId FK\n        date placedAt\n    }\n',
  },
  {
    keyword: 'gantt',
    label: 'Gantt chart',
    keywords: withCoreWords('gantt', ['done', 'active', 'crit', 'milestone', 'after', 'until']),
    template:
      'gantt\n    title Release plan\n    dateFormat YYYY-MM-DD\n    section Build\n        Design      :done, design, 2025-01-06, 5d\n        Implement   :active, impl, after design, 10d\n    section Ship\n        Test        :test, after impl, 5d\n        Release     :milestone, after test, 0d\n',
  },
  {
    keyword: 'pie',
    label: 'Pie chart',
    keywords: withCoreWords('pie', []),
    template: 'pie title Where the time goes\n    "Meetings" : 30\n    "Coding" : 50\n    "Reviews" : 20\n',
  },
  {
    keyword: 'quadrantChart',
    label: 'Quadrant chart',
    keywords: withCoreWords('quadrant', []),
    template:
      'quadrantChart\n    title Effort and impact\n    x-axis Low effort --> High effort\n    y-axis Low impact --> High impact\n    quadrant-1 Plan\n    quadrant-2 Do now\n    quadrant-3 Skip\n    quadrant-4 Delegate\n    Docs: [0.2, 0.7]\n    Rewrite: [0.9, 0.6]\n',
  },
  {
    keyword: 'xychart',
    label: 'XY chart',
    keywords: withCoreWords('xychart', ['horizontal', 'vertical']),
    template:
      'xychart\n    title "Builds per month"\n    x-axis [jan, feb, mar, apr]\n    y-axis "Builds" 0 --> 100\n    bar [40, 55, 70, 90]\n    line [40, 55, 70, 90]\n',
  },
  {
    keyword: 'requirementDiagram',
    label: 'Requirement diagram',
    keywords: withCoreWords('requirement', [
      'satisfies',
      'traces',
      'contains',
      'copies',
      'derives',
      'refines',
      'verifies',
      'low',
      'medium',
      'high',
      'analysis',
      'inspection',
      'test',
      'demonstration',
    ]),
    template:
      'requirementDiagram\n    requirement fast_save {\n        id: 1\n        text: Saving takes under 100 ms.\n        risk: medium\n        verifymethod: test\n    }\n    element save_handler {\n        type: module\n    }\n    save_handler - satisfies -> fast_save\n',
  },
  {
    keyword: 'journey',
    label: 'User journey',
    keywords: withCoreWords('journey', []),
    template:
      'journey\n    title Open a diagram\n    section Find\n        Open folder: 4: User\n        Pick a file: 5: User\n    section Edit\n        Type: 5: User\n        Save: 5: User, Merrow\n',
  },
  {
    keyword: 'gitGraph',
    label: 'Git graph',
    keywords: withCoreWords('gitGraph', [
      'id',
      'tag',
      'type',
      'order',
      'parent',
      'NORMAL',
      'REVERSE',
      'HIGHLIGHT',
      'LR',
      'TB',
      'BT',
    ]),
    template:
      'gitGraph\n    commit\n    branch feature\n    checkout feature\n    commit\n    commit\n    checkout main\n    merge feature tag: "v1.0"\n',
  },
  {
    keyword: 'C4Context',
    label: 'C4 context',
    keywords: [
      'C4Context',
      'C4Container',
      'C4Component',
      'C4Dynamic',
      'C4Deployment',
      'title',
      'Person',
      'Person_Ext',
      'System',
      'System_Ext',
      'SystemDb',
      'SystemQueue',
      'Container',
      'ContainerDb',
      'Component',
      'Boundary',
      'Enterprise_Boundary',
      'System_Boundary',
      'Container_Boundary',
      'Deployment_Node',
      'Rel',
      'BiRel',
      'Rel_U',
      'Rel_D',
      'Rel_L',
      'Rel_R',
      'UpdateRelStyle',
      'UpdateElementStyle',
      'UpdateLayoutConfig',
    ],
    template:
      'C4Context\n    title Diagram tooling\n    Person(dev, "Developer", "Writes diagrams as text")\n    System(merrow, "Merrow", "Edits and renders Mermaid")\n    System_Ext(git, "Git host", "Reviews changes")\n    Rel(dev, merrow, "Edits with")\n    Rel(merrow, git, "Pushes to")\n',
  },
  {
    keyword: 'mindmap',
    label: 'Mind map',
    keywords: ['root', '::icon'],
    template:
      'mindmap\n    root((Merrow))\n        Editor\n            Completion\n            Markers\n        Preview\n            Pan and zoom\n        Files\n            Hot exit\n',
  },
  {
    keyword: 'timeline',
    label: 'Timeline',
    keywords: withCoreWords('timeline', []),
    template:
      'timeline\n    title Project history\n    2023 : Idea\n    2024 : First release\n         : CLI\n    2025 : Desktop app\n',
  },
  {
    keyword: 'kanban',
    label: 'Kanban board',
    keywords: ['assigned', 'ticket', 'priority'],
    template:
      "kanban\n    todo[To do]\n        docs[Write the docs]\n    doing[In progress]\n        app[Build the app]@{ assigned: 'ana', priority: 'High' }\n    done[Done]\n        cli[Ship the CLI]\n",
  },
  {
    keyword: 'sankey',
    label: 'Sankey diagram',
    keywords: [],
    template:
      'sankey\n\nSalary,Budget,3000\nFreelance,Budget,1000\nBudget,Rent,1300\nBudget,Food,700\nBudget,Savings,2000\n',
  },
  {
    keyword: 'packet',
    label: 'Packet diagram',
    keywords: withCoreWords('packet', []),
    template:
      'packet\n    title UDP header\n    0-15: "Source port"\n    16-31: "Destination port"\n    32-47: "Length"\n    48-63: "Checksum"\n',
  },
  {
    keyword: 'block',
    label: 'Block diagram',
    keywords: ['columns', 'space', 'block', 'end', 'style', 'classDef', 'class'],
    template:
      'block\n    columns 3\n    ui["Web UI"] api["API"] db[("Database")]\n    ui --> api\n    api --> db\n',
  },
  {
    keyword: 'architecture-beta',
    label: 'Architecture diagram',
    keywords: withCoreWords('architecture', [
      'in',
      'cloud',
      'database',
      'disk',
      'internet',
      'server',
      'L',
      'R',
      'T',
      'B',
    ]),
    template:
      'architecture-beta\n    group app(cloud)[App]\n    service web(internet)[Web] in app\n    service api(server)[API] in app\n    service db(database)[Database] in app\n    web:R -- L:api\n    api:R -- L:db\n',
  },
  {
    keyword: 'radar-beta',
    label: 'Radar chart',
    keywords: [
      'title',
      'axis',
      'curve',
      'max',
      'min',
      'ticks',
      'showLegend',
      'graticule',
      'circle',
      'polygon',
    ],
    template:
      'radar-beta\n    title Editor comparison\n    axis speed["Speed"], files["Files"], preview["Preview"], export["Export"]\n    curve a["Merrow"]{5, 5, 4, 5}\n    curve b["Web editor"]{2, 1, 4, 3}\n    max 5\n    min 0\n',
  },
  {
    keyword: 'treemap-beta',
    label: 'Treemap',
    keywords: [],
    template:
      'treemap-beta\n"Budget"\n    "Engineering"\n        "Salaries": 700\n        "Tools": 100\n    "Marketing"\n        "Ads": 150\n        "Events": 50\n',
  },
  {
    keyword: 'venn-beta',
    label: 'Venn diagram',
    keywords: withCoreWords('venn', []),
    template:
      'venn-beta\n    title "Good diagrams"\n    set Clear\n    set Versioned\n    union Clear,Versioned["Merrow"]\n',
  },
  {
    keyword: 'ishikawa-beta',
    label: 'Ishikawa (fishbone) diagram',
    keywords: [],
    template:
      'ishikawa-beta\n    Slow builds\n    Tools\n        Old compiler\n    Process\n        No caching\n    People\n        Unclear ownership\n',
  },
  {
    keyword: 'usecase-beta',
    label: 'Use case diagram',
    keywords: ['actor'],
    template:
      'usecase-beta\nactor Dev("Developer")\nEdit("Edit a diagram")\nExport("Export to PNG")\nDev --> Edit\nDev --> Export\n',
  },
  {
    keyword: 'treeView-beta',
    label: 'Tree view',
    keywords: [],
    template: 'treeView-beta\n    project/\n        src/\n            main.ts\n        README.md\n',
  },
  {
    keyword: 'wardley-beta',
    label: 'Wardley map',
    keywords: ['title', 'size', 'anchor', 'component', 'label', 'evolve', 'note', 'pipeline'],
    template:
      'wardley-beta\ntitle Diagrams\nanchor User [0.95, 0.5]\ncomponent Editor [0.7, 0.6]\ncomponent Renderer [0.4, 0.8]\nUser -> Editor\nEditor -> Renderer\n',
  },
  {
    keyword: 'eventmodeling',
    label: 'Event modeling',
    keywords: ['tf', 'ui', 'cmd', 'evt', 'rmo'],
    template:
      'eventmodeling\n\ntf 01 ui EditorUI\ntf 02 cmd SaveDiagram\ntf 03 evt DiagramSaved\ntf 04 rmo RecentFiles ->> 03\n',
  },
  {
    keyword: 'info',
    label: 'Mermaid info',
    keywords: ['showInfo'],
    template: 'info\n',
  },
];

const DECLARATION = /^\s*([A-Za-z][\w-]*)/;

/** The declaration keyword of a diagram's text (after frontmatter, directives and comments), or null. */
export function declarationOf(text: string): string | null {
  let inFrontmatter = false;
  let first = true;
  for (const line of text.split('\n', 400)) {
    const trimmed = line.trim();
    if (first && trimmed === '---') {
      inFrontmatter = true;
      first = false;
      continue;
    }
    first = false;
    if (inFrontmatter) {
      if (trimmed === '---') inFrontmatter = false;
      continue;
    }
    if (trimmed === '' || trimmed.startsWith('%%')) continue;
    return DECLARATION.exec(line)?.[1] ?? null;
  }
  return null;
}

/** The diagram type a text declares, matched on its declaration keyword's family. */
export function diagramTypeOf(text: string): DiagramType | undefined {
  const word = declarationOf(text);
  if (!word) return undefined;
  const family = (k: string) =>
    k
      .replace(/-(beta|v2)$/, '')
      .replace(/^graph$/, 'flowchart')
      .replace(/^C4\w+$/, 'C4Context');
  return DIAGRAM_TYPES.find(
    (t) => family(t.keyword) === family(word) || (t.keyword === 'flowchart' && word === 'flowchart-elk'),
  );
}
