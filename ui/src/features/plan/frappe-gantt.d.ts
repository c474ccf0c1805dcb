// The part of frappe-gantt 1.2.2's API the timeline uses; the package ships no TypeScript types.
declare module "frappe-gantt" {
  export interface GanttTask {
    id: string;
    name: string;
    /** `YYYY-MM-DD`. */
    start: string;
    /** `YYYY-MM-DD`, inclusive: the bar covers the whole end day. */
    end: string;
    /** 0..100. */
    progress?: number;
    /** Comma-separated ids of the bars this one waits for (arrows are drawn from them). */
    dependencies?: string;
    /** One CSS class (frappe-gantt adds it with classList.add, so no spaces). */
    custom_class?: string;
    description?: string;
  }

  export interface GanttOptions {
    view_mode?: "Quarter Day" | "Half Day" | "Day" | "Week" | "Month" | "Year";
    view_mode_select?: boolean;
    readonly?: boolean;
    readonly_progress?: boolean;
    readonly_dates?: boolean;
    today_button?: boolean;
    bar_height?: number;
    padding?: number;
    container_height?: number | "auto";
    scroll_to?: "today" | "start" | "end" | string;
    language?: string;
    /** `end` is one second before the end of the last day the bar covers. */
    on_date_change?: (task: GanttTask, start: Date, end: Date) => void;
    on_progress_change?: (task: GanttTask, progress: number) => void;
    on_click?: (task: GanttTask) => void;
    on_view_change?: (mode: unknown) => void;
  }

  export default class Gantt {
    constructor(wrapper: string | HTMLElement | SVGElement, tasks: GanttTask[], options?: GanttOptions);
    refresh(tasks: GanttTask[]): void;
    change_view_mode(mode?: string, maintainPosition?: boolean): void;
    clear(): void;
  }
}
