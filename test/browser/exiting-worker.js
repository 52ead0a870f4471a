// The library's worker (nnft-worker.js, served beside this file), except that a task marked `crash`
// makes it end silently with close(), the way a worker the browser stops ends: no error event, no
// answer, nothing but the end of the worker.
import './nnft-worker.js';

const handle = self.onmessage;
self.onmessage = (event) => (event.data?.type === 'task' && event.data.task.crash ? self.close() : handle(event));
