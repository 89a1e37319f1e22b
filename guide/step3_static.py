# The guide's third program: step 2 serving the files of the current folder
# (or of the folder given after the port), with the type mimetypes guesses.
# Kept as unsafe as the guide's on purpose: "." + self.path lets a request
# climb out of the folder (chapter 4 shows it), and each file is read whole
# into memory. Listens on 127.0.0.1 only.
#   python3 guide/step3_static.py [port] [folder]   (defaults: 8000, .)
import http.server
import mimetypes
import os
import socketserver
import sys

PORT = int(sys.argv[1]) if len(sys.argv) > 1 else 8000
if len(sys.argv) > 2:
    os.chdir(sys.argv[2])


# $begin handler
class StaticHandler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        file_path = "." + self.path
        if not os.path.exists(file_path):
            self.send_response(404)
            self.send_header("Content-type", "text/html")
            self.end_headers()
            self.wfile.write(b"File not found")
            return
        self.send_response(200)
        mime_type, _ = mimetypes.guess_type(file_path)
        self.send_header("Content-type", mime_type)
        self.end_headers()
        with open(file_path, "rb") as file:
            self.wfile.write(file.read())
# $end handler


class ThreadedServer(socketserver.ThreadingMixIn, socketserver.TCPServer):
    allow_reuse_address = True
    daemon_threads = True


with ThreadedServer(("127.0.0.1", PORT), StaticHandler) as server:
    print("Serving at port", PORT, flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
