// A small static file server on Node's own http module, as a Node.js
// project would write it without a framework: stat, then stream the file.
//   node static_server.js PORT DIRECTORY
'use strict';
const fs = require('fs');
const http = require('http');
const path = require('path');

const port = Number(process.argv[2]);
const root = path.resolve(process.argv[3]);
const types = { '.html': 'text/html', '.bin': 'application/octet-stream' };

function fail(response, status) {
  response.writeHead(status, { 'Content-Type': 'text/plain' });
  response.end(`${status}\n`);
}

http.createServer((request, response) => {
  let name;
  try {
    name = path.join(root, decodeURIComponent(new URL(request.url, 'http://x').pathname));
  } catch {
    return fail(response, 400);
  }
  if (!name.startsWith(root + path.sep)) {
    return fail(response, 403);
  }
  fs.stat(name, (error, stats) => {
    if (error || !stats.isFile()) {
      return fail(response, 404);
    }
    response.writeHead(200, {
      'Content-Type': types[path.extname(name)] || 'application/octet-stream',
      'Content-Length': stats.size,
    });
    if (request.method === 'HEAD') {
      return response.end();
    }
    fs.createReadStream(name).on('error', () => response.destroy()).pipe(response);
  });
}).listen(port, '127.0.0.1', () => console.log(`Serving at port ${port}`));
