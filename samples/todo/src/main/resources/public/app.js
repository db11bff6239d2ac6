// The todo page: every change goes through the JSON API with fetch, then the list is read
// again, so the page always shows what the service holds.
'use strict';

const form = document.getElementById('add-form');
const titleInput = document.getElementById('new-title');
const list = document.getElementById('todo-list');
const count = document.getElementById('count');
const error = document.getElementById('error');

/** Calls the API; resolves to the JSON answer, or rejects with the problem's detail. */
async function api(method, path, body) {
  const options = { method, headers: { Accept: 'application/json' } };
  if (body !== undefined) {
    options.headers['Content-Type'] = 'application/json';
    options.body = JSON.stringify(body);
  }
  const response = await fetch(path, options);
  if (!response.ok) {
    let message = `${response.status} ${response.statusText}`;
    try {
      const problem = await response.json();  // RFC 9457: detail, then field errors
      const fields = (problem.errors || []).map(e => `${e.pointer.slice(2)} ${e.detail}`);
      message = [problem.detail || problem.title, ...fields].join('; ');
    } catch (ignored) {
      // not a problem body: keep the status line
    }
    throw new Error(message);
  }
  return response.status === 204 ? null : response.json();
}

function showError(message) {
  error.textContent = message;
  error.hidden = !message;
}

/** One list item; textContent (never innerHTML) keeps titles from being read as markup. */
function item(todo) {
  const li = document.createElement('li');
  li.dataset.id = todo.id;
  li.classList.toggle('done', todo.done);
  const toggle = document.createElement('input');
  toggle.type = 'checkbox';
  toggle.className = 'toggle';
  toggle.checked = todo.done;
  toggle.setAttribute('aria-label', 'done');
  const title = document.createElement('span');
  title.className = 'title';
  title.textContent = todo.title;
  const remove = document.createElement('button');
  remove.className = 'delete';
  remove.type = 'button';
  remove.textContent = '×';
  remove.setAttribute('aria-label', 'delete');
  li.append(toggle, title, remove);
  return li;
}

async function refresh() {
  const todos = await api('GET', '/todos');
  list.replaceChildren(...todos.map(item));
  const open = todos.filter(t => !t.done).length;
  count.textContent = `${open} of ${todos.length} left`;
}

/** Runs an API change, then shows the list again, or the error. */
async function change(action) {
  try {
    await action();
    showError('');
    await refresh();
  } catch (e) {
    showError(e.message);
  }
}

form.addEventListener('submit', event => {
  event.preventDefault();
  const title = titleInput.value;
  change(async () => {
    await api('POST', '/todos', { title, done: false });
    titleInput.value = '';
  });
});

list.addEventListener('change', event => {
  if (event.target.classList.contains('toggle')) {
    const id = event.target.closest('li').dataset.id;
    change(() => api('PATCH', `/todos/${id}`, { done: event.target.checked }));
  }
});

list.addEventListener('click', event => {
  if (event.target.classList.contains('delete')) {
    const id = event.target.closest('li').dataset.id;
    change(() => api('DELETE', `/todos/${id}`));
  }
});

change(() => Promise.resolve());
