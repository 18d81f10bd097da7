/** A list of tasks with their status (GOV.UK task list): where a long application stands. */
import type { ComponentChildren } from 'preact';

export interface Task {
  id: string;
  title: ComponentChildren;
  hint?: ComponentChildren;
  /** No link while the task cannot be started yet. */
  href?: string;
  status: 'done' | 'todo' | 'blocked' | 'optional';
  statusLabel: string;
}

export function TaskList({ tasks }: { tasks: Task[] }) {
  return (
    <ul class="task-list">
      {tasks.map((task) => (
        <li class={`task-list-item${task.href ? ' task-list-item-link' : ''}`} key={task.id}>
          <div class="task-name">
            {task.href ? (
              <a href={task.href} aria-describedby={`task-${task.id}-status`}>
                {task.title}
              </a>
            ) : (
              <span>{task.title}</span>
            )}
            {task.hint ? <div class="hint">{task.hint}</div> : null}
          </div>
          <div class="task-status" id={`task-${task.id}-status`}>
            <strong
              class={`tag ${task.status === 'done' ? 'tag-green' : task.status === 'todo' ? 'tag-blue' : 'tag-grey'}`}
            >
              {task.statusLabel}
            </strong>
          </div>
        </li>
      ))}
    </ul>
  );
}
