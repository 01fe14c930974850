"""Journal grid in the browser: how long a user waits, at 1440×900 in headless Chromium.

For a group of 30 and one of 150 learners, each with 60 lessons, it opens the journal from
the group form (click on «Журнал», as a user does) and prints the time until the grid is
usable (every visible cell drawn), then marks the lesson of today for every learner with the
keyboard and prints the time until that lesson is saved; last the ratios 150/30. Printed,
not asserted.

Run by bench/run (with the test database left by scripts/test); nothing is kept: it works
on a copy of the database that it drops at the end. Environment:
  DPO_BENCH_DB    database to copy (bench/run passes DPO_TEST_DB)
  ODOO_CONF       Odoo config (bench/run passes it)
  DPO_BENCH_HTTP_PORT  HTTP port of the throwaway server (default 8179)
  DPO_BENCH_LOGIN / DPO_BENCH_PASSWORD  who opens the journal (default admin / admin)
"""

import base64
import configparser
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

import websocket

SIZES = (30, 150)
LESSONS = 60
WINDOW = "1440,900"

# Run inside `odoo shell` on the copy: two groups with their lessons around today, taught by
# the bench user, within the edit window; committed so that the HTTP server sees them.
POPULATE = """
import json
from datetime import timedelta
from odoo import fields
env = env(user=env.ref("base.user_admin"))
user = env["res.users"].search([("login", "=", LOGIN)])
env.company.sudo().dpo_teacher_edit_days = 10000
today = fields.Date.context_today(env["dpo.group"])
program = env["dpo.program"].create({
    "name": "Bench", "program_kind": "pk", "hours": LESSONS * 2,
    "subject_ids": [(0, 0, {"name": "Охрана труда", "hours": LESSONS * 2})],
})
SURNAMES = ["Иванов", "Петров", "Сидоров", "Кузнецов", "Смирнов", "Попов", "Васильев", "Соколов",
            "Михайлов", "Новиков", "Фёдоров", "Морозов", "Волков", "Алексеев", "Лебедев"]
NAMES = ["Александр", "Дмитрий", "Максим", "Сергей", "Андрей", "Алексей", "Артём", "Илья", "Кирилл", "Михаил"]
ids = {}
for size in SIZES:
    start = today - timedelta(days=LESSONS // 2)
    group = env["dpo.group"].create({
        "name": f"Bench-{size}", "program_id": program.id, "date_start": start,
        "date_end": start + timedelta(days=LESSONS), "teacher_ids": [(6, 0, user.ids)],
    })
    learners = env["dpo.learner"].create([
        {"last_name": SURNAMES[i % len(SURNAMES)], "first_name": NAMES[i // len(SURNAMES) % len(NAMES)],
         "patronymic": "Константинович"}
        for i in range(size)
    ])
    env["dpo.enrollment"].create(
        [{"learner_id": learner.id, "group_id": group.id} for learner in learners]
    )._change_state("enrolled", date=start)
    env["dpo.lesson"].create([
        {"group_id": group.id, "date": start + timedelta(days=i), "subject_id": program.subject_ids.id,
         "hours": 2, "teacher_id": user.id}
        for i in range(LESSONS)
    ])
    group.action_start()
    ids[size] = group.id
env.cr.commit()
print("BENCH_IDS=" + json.dumps(ids))
"""

# In-page helpers: wait for a condition, then for the next frame to be painted.
PAGE_HELPERS = (
    """
window.__benchWait = async (predicate, timeout = 120000) => {
    const start = performance.now();
    while (!predicate()) {
        if (performance.now() - start > timeout) throw new Error("timeout");
        await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve)));
};
window.__benchGridReady = (size) => {
    const grid = document.querySelector(".o_dpo_grid[data-ready='1']");
    if (grid) return grid.querySelector(".o_dpo_grid_cell") !== null;
    // The former OCA matrix: one select per cell.
    return document.querySelectorAll(".o_field_x2many_2d_matrix tbody select").length >= size * %d;
};
"""
    % LESSONS
)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def stop(process):
    """Terminate a process we started, killing it if it does not end."""
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def run(cmd, **kwargs):
    done = subprocess.run(cmd, capture_output=True, text=True, check=False, **kwargs)
    if done.returncode:
        raise RuntimeError(f"{' '.join(cmd[:4])}… failed:\n{done.stderr[-2000:]}")
    return done


class Page:
    """A headless Chromium tab driven over the DevTools protocol."""

    def __init__(self):
        self.profile = tempfile.mkdtemp(prefix="dpo-bench-chromium-")
        port = free_port()
        self.process = subprocess.Popen(
            [
                shutil.which("chromium") or shutil.which("chromium-browser") or "google-chrome",
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                f"--window-size={WINDOW}",
                f"--remote-debugging-port={port}",
                "--remote-allow-origins=*",
                f"--user-data-dir={self.profile}",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        url = None
        for _attempt in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list") as answer:
                    targets = [t for t in json.load(answer) if t["type"] == "page"]
                if targets:
                    url = targets[0]["webSocketDebuggerUrl"]
                    break
            except OSError:
                pass
            time.sleep(0.1)
        if not url:
            raise RuntimeError("Chromium did not start")
        self.ws = websocket.create_connection(url, timeout=300, suppress_origin=True)
        self.next_id = 0
        self.send("Page.enable")
        self.send("Runtime.enable")
        # The viewport itself is 1440×900 (--window-size counts the window's frame).
        width, height = (int(n) for n in WINDOW.split(","))
        self.send(
            "Emulation.setDeviceMetricsOverride",
            width=width,
            height=height,
            deviceScaleFactor=1,
            mobile=False,
        )

    def send(self, method, **params):
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})

    def js(self, expression):
        result = self.send("Runtime.evaluate", expression=expression, awaitPromise=True, returnByValue=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression[:80]}…: {result['exceptionDetails']}")
        return result["result"].get("value")

    def goto(self, url, ready, timeout=300):
        self.send("Page.navigate", url=url)
        self.wait(ready, timeout)

    def wait(self, ready, timeout=300):
        """Wait until the page (a new document, maybe) is loaded and `ready` holds."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            try:
                if self.js(f"document.readyState === 'complete' && !!({ready})"):
                    self.js(PAGE_HELPERS)
                    return
            except RuntimeError:
                pass  # the page is between two documents
            time.sleep(0.05)
        shot = self.send("Page.captureScreenshot")["data"]
        path = os.path.join(tempfile.gettempdir(), "dpo_bench_failure.png")
        with open(path, "wb") as file:
            file.write(base64.b64decode(shot))
        raise RuntimeError(f"the page did not show {ready} (screenshot: {path})")

    def key(self, key, code, keycode):
        for kind in ("keyDown", "keyUp"):
            self.send(
                "Input.dispatchKeyEvent",
                type=kind,
                key=key,
                code=code,
                text=key if kind == "keyDown" else "",
                windowsVirtualKeyCode=keycode,
            )

    def close(self):
        try:
            self.ws.close()
        finally:
            stop(self.process)
            time.sleep(0.5)  # its helper processes let go of the profile
            shutil.rmtree(self.profile, ignore_errors=True)


def open_journal(page, base, group_id, size):
    """Seconds from the click on «Журнал» in the group form until the grid is usable."""
    page.goto(
        f"{base}/odoo/action-dpo_records.dpo_group_action/{group_id}",
        "document.querySelector(\".o_form_view button[name='action_open_journal']\")",
    )
    elapsed = page.js(
        f"""(async () => {{
            const start = performance.now();
            document.querySelector(".o_form_view button[name='action_open_journal']").click();
            await window.__benchWait(() => window.__benchGridReady({size}));
            return performance.now() - start;
        }})()"""
    )
    return elapsed / 1000


def mark_lesson(page, size):
    """Mark today's lesson for every learner from the keyboard, then save: seconds spent
    typing (the grid's own reaction to the keys) and seconds from the click on save until
    the grid says saved."""
    if page.js("!!document.querySelector('.o_dpo_grid')"):
        page.js("document.querySelector('.o_dpo_grid .o_dpo_grid_scroll').focus()")
        start = time.perf_counter()
        for _row in range(size):
            page.key("p", "KeyP", 80)  # Latin alias of «+»
        page.js(
            f"window.__benchWait(() => document.querySelector('.o_dpo_grid').dataset.pending === '{size}')"
        )
        typing = time.perf_counter() - start
        saving = page.js(
            """(async () => {
                const start = performance.now();
                document.querySelector(".o_dpo_grid_save").click();
                await window.__benchWait(() => {
                    const grid = document.querySelector(".o_dpo_grid");
                    return grid.dataset.pending === "0" && grid.dataset.saving === "0";
                });
                return performance.now() - start;
            })()"""
        )
        return typing, saving / 1000
    # The former OCA matrix: choose «present» in every select of the first lesson.
    start = time.perf_counter()
    page.js(
        """(async () => {
            for (const row of document.querySelectorAll(".o_field_x2many_2d_matrix tbody tr")) {
                const select = row.querySelector("td:nth-child(2) select");
                if (!select) continue;
                select.value = '"present"';
                select.dispatchEvent(new Event("change", { bubbles: true }));
            }
            await window.__benchWait(() => document.querySelector(".o_form_button_save:not(:disabled)"));
        })()"""
    )
    typing = time.perf_counter() - start
    saving = page.js(
        """(async () => {
            const start = performance.now();
            document.querySelector(".o_form_button_save").click();
            const saved = ".o_form_status_indicator_buttons.invisible";
            await window.__benchWait(() => document.querySelector(saved));
            return performance.now() - start;
        })()"""
    )
    return typing, saving / 1000


def main():
    source_db = os.environ.get("DPO_BENCH_DB") or os.environ.get("DPO_TEST_DB") or "dpo_test"
    conf = os.environ["ODOO_CONF"]
    port = int(os.environ.get("DPO_BENCH_HTTP_PORT", "8179"))
    login = os.environ.get("DPO_BENCH_LOGIN", "admin")
    password = os.environ.get("DPO_BENCH_PASSWORD", "admin")
    db = f"{source_db}_gridbench"
    options = ["-c", conf, "-d", db]
    # The copy shares nothing with the source: its own filestore too (the web assets live there).
    parser = configparser.ConfigParser()
    parser.read(conf)
    filestore = os.path.join(parser["options"]["data_dir"], "filestore")
    run(["dropdb", "--if-exists", db])
    shutil.rmtree(os.path.join(filestore, db), ignore_errors=True)
    run(["createdb", "-T", source_db, db])
    if os.path.isdir(os.path.join(filestore, source_db)):
        shutil.copytree(os.path.join(filestore, source_db), os.path.join(filestore, db))
    server = page = None
    try:
        script = f"LOGIN = {login!r}\nLESSONS = {LESSONS}\nSIZES = {SIZES!r}\n{POPULATE}"
        out = run(
            [sys.executable, "-m", "odoo", "shell", *options, "--no-http", "--log-level=error"], input=script
        ).stdout
        ids = {int(k): v for k, v in json.loads(out.split("BENCH_IDS=")[1].splitlines()[0]).items()}
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "odoo",
                *options,
                f"--db-filter=^{db}$",
                f"--http-port={port}",
                "--log-level=warn",
                "--max-cron-threads=0",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{port}"
        for _attempt in range(300):
            try:
                urllib.request.urlopen(f"{base}/web/login", timeout=5).close()
                break
            except OSError:
                time.sleep(0.2)
        page = Page()
        page.goto(f"{base}/web/login", "document.querySelector('input[name=login]')")
        page.js(
            f"""document.querySelector('input[name=login]').value = {json.dumps(login)};
            document.querySelector('input[name=password]').value = {json.dumps(password)};
            document.querySelector('form.oe_login_form').submit();"""
        )
        page.wait("location.pathname.startsWith('/odoo') && document.querySelector('.o_main_navbar')")
        # One warm-up opening, so that both sizes are measured with the assets cached.
        open_journal(page, base, ids[SIZES[0]], SIZES[0])
        results = {}
        for size in SIZES:
            opened = open_journal(page, base, ids[size], size)
            typing, saving = mark_lesson(page, size)
            results[size] = (opened, typing, saving)
            print(
                f"journal grid in the browser, {size} learners x {LESSONS} lessons: "
                f"usable_s={opened:.2f}, mark_lesson_keys_s={typing:.2f}, save_lesson_s={saving:.2f}",
                flush=True,
            )
        small, big = results[SIZES[0]], results[SIZES[-1]]
        print(
            f"journal grid in the browser, ratio {SIZES[-1]}/{SIZES[0]}: "
            f"usable={big[0] / small[0]:.2f}, mark_lesson_keys={big[1] / small[1]:.2f}, "
            f"save_lesson={big[2] / small[2]:.2f}",
            flush=True,
        )
    finally:
        if page:
            page.close()
        if server:
            stop(server)
        run(["dropdb", "--if-exists", "--force", db])
        shutil.rmtree(os.path.join(filestore, db), ignore_errors=True)


if __name__ == "__main__":
    main()
