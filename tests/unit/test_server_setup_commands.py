"""server-setup's command lines: the Windows ones (which cannot run here), the dry run of
both systems, and bad input refused in Chinese before anything runs."""

from __future__ import annotations

from pathlib import Path, PureWindowsPath

from app.cli import EXIT_BAD_INPUT, EXIT_OK, main
from app.serversetup import debian, windows
from app.serversetup.options import make_options


def office(tmp_path: Path):
    return make_options("192.168.1.0/24", "pw:with\\odd", installer=Path("pg-16-x64.exe"),
                        superpassword="su-secret", backup_dir=Path(r"D:\备份"))  # fmt: skip


def test_the_edb_installer_runs_unattended_without_pgadmin_or_stack_builder(tmp_path):
    assert windows.installer_command(office(tmp_path)) == [
        "pg-16-x64.exe", "--mode", "unattended", "--unattendedmodeui", "none",
        "--superpassword", "su-secret", "--serverport", "5432",
        "--disable-components", "pgAdmin,stackbuilder",
    ]  # fmt: skip


def test_the_firewall_lets_in_the_office_subnet_only(tmp_path):
    delete, add = windows.firewall_commands(office(tmp_path))
    assert delete == ["netsh", "advfirewall", "firewall", "delete", "rule",
                      "name=党政办台账 PostgreSQL"]  # fmt: skip
    assert add[-3:] == ["protocol=TCP", "localport=5432", "remoteip=192.168.1.0/24"]
    assert windows.restart_commands("postgresql-x64-16") == [
        ["net", "stop", "postgresql-x64-16"], ["net", "start", "postgresql-x64-16"]
    ]  # fmt: skip


def test_the_nightly_pg_dump_is_a_scheduled_task_as_system(tmp_path):
    o = office(tmp_path)
    script = PureWindowsPath(r"D:\备份\dzb-夜间备份.cmd")
    assert windows.schtasks_command(o, script) == [
        "schtasks", "/Create", "/TN", r"党政办台账\服务器夜间备份", "/SC", "DAILY", "/ST", "02:00",
        "/RU", "SYSTEM", "/RL", "HIGHEST", "/TR", f'"{script}"', "/F",
    ]  # fmt: skip
    server = windows.WindowsServer(PureWindowsPath(r"C:\Program Files\PostgreSQL"), "16")
    body = windows.backup_script(o, server).split("\r\n")
    assert (r'"C:\Program Files\PostgreSQL\16\bin\pg_dump.exe" -Fc -h localhost -p 5432 -U dzb '
            r'-f "D:\备份\服务器备份-%D%.dump" dzb') in body  # fmt: skip
    assert any(line.startswith("forfiles") and "/d -30" in line for line in body)
    assert "pw" not in "".join(body)  # the password is in the pgpass file, not the script
    assert windows.pgpass_line(o) == r"localhost:5432:dzb:dzb:pw\:with\\odd"


def test_a_dry_run_lists_the_windows_steps_and_hides_the_passwords(tmp_path, capsys):
    installer = tmp_path / "postgresql-16-windows-x64.exe"
    installer.write_bytes(b"MZ")
    su = tmp_path / "su.txt"
    su.write_text("su-secret\n", encoding="utf-8")
    code = main(["server-setup", "--subnet", "192.168.1.7/24", "--platform", "windows",
                 "--installer", str(installer), "--superpassword-file", str(su),
                 "--backup-dir", r"D:\备份", "--dry-run"])  # fmt: skip
    out = capsys.readouterr().out
    assert code == EXIT_OK
    assert "--superpassword *** --serverport 5432" in out and "su-secret" not in out
    assert "pg_hba.conf 最前加一行：host    all    dzb    192.168.1.0/24    scram-sha-256" in out
    assert "每晚 02:00 用 pg_dump 备份到 D:\\备份" in out
    assert "其他电脑连接：postgresql+psycopg://dzb@" in out
    assert "的密码" not in out  # nothing was made, so no password to tell


def test_a_dry_run_on_debian_lists_apt_or_skips_it(capsys):
    assert main(["server-setup", "--subnet", "10.0.0.0/24", "--platform", "debian",
                 "--dry-run"]) == EXIT_OK  # fmt: skip
    out = capsys.readouterr().out
    assert "apt" in out and "LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'" in out


def test_bad_input_is_refused_in_chinese_before_anything_runs(capsys):
    for argv, says in (
        (["--subnet", "0.0.0.0/0"], "太大"),
        (["--subnet", "192.168.1"], "网段格式不对"),
        (["--subnet", "192.168.1.0/24", "--database", "Dzb-1"], "数据库名"),
        (["--subnet", "192.168.1.0/24", "--backup-time", "2点"], "备份时间"),
        (["--subnet", "192.168.1.0/24", "--platform", "windows"], "--superpassword-file"),
    ):
        assert main(["server-setup", *argv, "--dry-run"]) == EXIT_BAD_INPUT
        assert says in capsys.readouterr().err


def test_on_debian_the_nightly_pg_dump_is_a_cron_file(tmp_path):
    o = make_options("192.168.1.0/24", "pw", backup_time="02:30")
    debian.schedule_backup(o, 5433, root=tmp_path)
    cron = tmp_path / "etc" / "cron.d" / "dzb-server-backup"
    assert cron.stat().st_mode & 0o777 == 0o644  # cron ignores a file others may write
    lines = [x for x in cron.read_text(encoding="utf-8").splitlines() if x and x[0] != "#"]
    assert lines[-1] == (
        "30 2 * * * postgres pg_dump -Fc -p 5433 "
        "-f /var/backups/dzb/服务器备份-$(date +\\%Y\\%m\\%d).dump dzb"
        " && find /var/backups/dzb -name '服务器备份-*.dump' -mtime +30 -delete"
    )
    assert "PATH=/usr/bin:/bin" in lines
    assert cron.read_text(encoding="utf-8").endswith("\n")  # cron skips an unended last line
    folder = tmp_path / "var" / "backups" / "dzb"
    assert folder.is_dir() and folder.stat().st_mode & 0o777 == 0o700
    assert "pw" not in cron.read_text(encoding="utf-8")  # postgres logs in by peer: no password


def test_a_dry_run_on_debian_lists_the_nightly_backup(capsys):
    assert main(["server-setup", "--subnet", "10.0.0.0/24", "--platform", "debian",
                 "--backup-dir", "/srv/dzb-backups", "--dry-run"]) == EXIT_OK  # fmt: skip
    out = capsys.readouterr().out
    assert "每晚 02:00 用 pg_dump -Fc 备份到 /srv/dzb-backups（/etc/cron.d/dzb-server-backup" in out
