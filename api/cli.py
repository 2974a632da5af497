"""`jianguan` — serve, migrate, import the catalogue, manage keys and staff, verify the audit chain."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .settings import Settings

ROOT = Path(__file__).resolve().parents[1]


def _engine(settings: Settings):
    """A command is one short unit of work: no pool, so closing its session closes the connection."""
    from sqlalchemy.pool import NullPool

    from models.db import make_engine
    return make_engine(settings.database_url, poolclass=NullPool)


def _session(settings: Settings):
    from models.db import new_session
    return new_session(_engine(settings))


def _fail(message: str, code: int = 1) -> int:
    print(message, file=sys.stderr)
    return code


def cmd_db(args, settings: Settings) -> int:
    import migrations
    if args.action == "upgrade":
        migrations.upgrade(settings.database_url, args.revision or "head")
    else:
        migrations.downgrade(settings.database_url, args.revision or "-1")
    print(f"数据库已{'升级' if args.action == 'upgrade' else '回退'}：{_safe_url(settings.database_url)}")
    return 0


def _print_errors(exc) -> int:
    """Every field error of a refused act, one a line, and the exit status of bad input."""
    from supervision.errors import ValidationErrors
    for e in (exc.errors if isinstance(exc, ValidationErrors) else [exc]):
        print(f"{e.field}: {e.code.value}: {e.message}", file=sys.stderr)
    return 2


def _safe_url(url: str) -> str:
    from sqlalchemy.engine import make_url
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # an unparsable URL is shown as its scheme only
        return url.split(":", 1)[0]


def _print_demo_access(summary_keys, staff, base: str) -> None:
    from supervision.demo.load import DEMO_PASSWORD
    print("\n演示账号（管理后台 %s/admin/，密码均为 %s）：" % (base, DEMO_PASSWORD))
    for username, dept in staff:
        print(f"  {username:<24} {dept}")
    print("\n演示密钥（GraphQL %s/graphql，请求头 Authorization: Bearer <密钥>）：" % base)
    for token, scope in summary_keys:
        print(f"  {token}  {scope}")


def _demo_access(session):
    """Demo keys and staff, listed from the database (the demo keys are derived from their scope)."""
    from sqlmodel import select

    from models import Department, StaffUser
    from supervision.demo.load import demo_token
    depts = {d.id: d for d in session.exec(select(Department)).all()}
    staff = [(u.username, depts[u.department_id].name)
             for u in session.exec(select(StaffUser).order_by(StaffUser.id)).all() if "inspector" not in u.username]
    keys = [(demo_token(d.code), d.name) for d in depts.values()] + [(demo_token("public"), "公共范围（信用门户）")]
    return staff, keys


def cmd_serve(args, settings: Settings) -> int:
    import uvicorn

    import migrations
    migrations.upgrade(settings.database_url)
    if args.demo:
        from supervision.demo.load import is_loaded, load_demo
        session = _session(settings)
        try:
            if not is_loaded(session):
                print("正在载入演示数据……", flush=True)
                summary = load_demo(session)
                session.commit()
                print(f"已载入 {summary.departments} 个部门、{summary.items} 个审批事项、{summary.entities} 个市场主体、{summary.permits} 个许可")
            staff, keys = _demo_access(session)
        finally:
            session.close()
    base = f"http://{args.host}:{args.port}"
    print(f"\n事中事后综合监管平台\n  GraphQL：{base}/graphql（浏览器打开即 GraphiQL）\n  管理后台：{base}/admin/\n  健康检查：{base}/healthz")
    if args.demo:
        _print_demo_access(keys, staff, base)
    print(flush=True)
    if args.workers > 1:
        import os
        os.environ.setdefault("SECRET_KEY", settings.secret_key)  # every worker must sign cookies alike
        uvicorn.run("api.asgi:app", host=args.host, port=args.port, workers=args.workers, log_level="info")
    else:
        from .app import create_app
        uvicorn.run(create_app(settings), host=args.host, port=args.port, log_level="info")
    return 0


def cmd_demo(args, settings: Settings) -> int:
    import migrations
    from supervision.demo.load import is_loaded, load_demo
    migrations.upgrade(settings.database_url)
    session = _session(settings)
    try:
        if is_loaded(session):
            return _fail("数据库中已有市场主体，未重复载入演示数据")
        summary = load_demo(session, entities_count=args.entities)
        session.commit()
        print(f"已载入 {summary.departments} 个部门、{summary.items} 个审批事项、{summary.entities} 个市场主体、{summary.permits} 个许可")
        return 0
    finally:
        session.close()


def cmd_seed(args, settings: Settings) -> int:
    import migrations
    from supervision import seed
    from supervision.actors import SYSTEM
    migrations.upgrade(settings.database_url)
    session = _session(settings)
    try:
        summary = seed.seed(session=session, actor=SYSTEM, entities=args.entities, seed=args.seed,
                            chunk_size=args.chunk, progress=not args.quiet, request_id="cli")
        session.commit()
        seed.analyze(session)
        session.commit()
    except seed.SeedError as exc:
        session.rollback()
        return _fail(str(exc), 2)
    finally:
        session.close()
    rows = "、".join(f"{t} {n:,}" for t, n in summary.rows.items())
    print(f"已写入 {summary.entities:,} 个市场主体（{rows}），用时 {summary.seconds:.1f} 秒")
    return 0


def cmd_catalogue(args, settings: Settings) -> int:
    from supervision import catalogue
    from supervision.actors import SYSTEM
    session = _session(settings)
    try:
        data = catalogue.load_file(args.file)
        report = catalogue.import_catalogue(session=session, actor=SYSTEM, data=data, dry_run=args.dry_run,
                                            request_id="cli")
        for c in report.changes:
            if c.action != "unchanged":
                print(f"{'将' if args.dry_run else ''}{'新增' if c.action == 'create' else '更新'} {c.kind} {c.code}"
                      + ("" if c.action == "create" else "：" + "、".join(c.fields)))
        for kind, label in (("department", "部门"), ("permitItem", "审批事项")):
            print(f"{label}：新增 {report.count(kind, 'create')}，更新 {report.count(kind, 'update')}，未变 {report.count(kind, 'unchanged')}")
        if args.dry_run:
            session.rollback()
            print("（预览，未写入）")
        else:
            session.commit()
        return 0
    except catalogue.CatalogueError as exc:
        session.rollback()
        print(exc.message, file=sys.stderr)
        for e in exc.errors:
            print(f"  {e.where}: {e.message}", file=sys.stderr)
        return 2
    finally:
        session.close()


def cmd_keys(args, settings: Settings) -> int:
    from sqlmodel import select

    from models import ApiKey, Department
    from supervision import accounts
    from supervision.actors import SYSTEM
    from supervision.errors import DomainError
    session = _session(settings)
    try:
        if args.action == "create":
            if bool(args.department) == bool(args.public):
                return _fail("请指定 --department CODE 或 --public 之一", 2)
            new = accounts.create_api_key(session=session, actor=SYSTEM, name=args.name or (args.department or "public"),
                                          department_code=args.department, request_id="cli")
            session.commit()
            print(new.token)
            print(f"（密钥只显示这一次；前缀 {new.key.prefix}，范围：{args.department or '公共'}）", file=sys.stderr)
        elif args.action == "revoke":
            accounts.revoke_api_key(session=session, actor=SYSTEM, prefix=args.prefix, request_id="cli")
            session.commit()
            print(f"已吊销 {args.prefix}")
        else:
            depts = {d.id: d.code for d in session.exec(select(Department)).all()}
            for k in session.exec(select(ApiKey).order_by(ApiKey.id)).all():
                state = "已吊销" if k.revoked_at else "有效"
                print(f"{k.prefix}\t{depts.get(k.department_id, '公共')}\t{state}\t{k.name}")
        return 0
    except DomainError as exc:
        session.rollback()
        return _fail(f"{exc.code.value}: {exc.message}", 2)
    finally:
        session.close()


def cmd_staff(args, settings: Settings) -> int:
    import getpass

    from supervision import accounts
    from supervision.actors import SYSTEM
    from supervision.errors import DomainError
    session = _session(settings)
    try:
        password = args.password or getpass.getpass("密码：")
        if args.action == "create":
            accounts.create_staff(session=session, actor=SYSTEM, username=args.username, display_name=args.name or args.username,
                                  password=password, department_code=args.department, roles=args.role or ["OFFICER"],
                                  certificate_no=args.certificate, request_id="cli")
        else:
            accounts.set_password(session=session, actor=SYSTEM, username=args.username, password=password, request_id="cli")
        session.commit()
        print("完成")
        return 0
    except DomainError as exc:
        session.rollback()
        return _print_errors(exc)
    finally:
        session.close()


def cmd_audit(args, settings: Settings) -> int:
    from supervision import audit
    session = _session(settings)
    try:
        report = audit.verify(session)
    finally:
        session.close()
    if report.ok:
        print(f"审计链完整：共 {report.checked} 条记录")
        return 0
    print(f"审计链断裂：第一处断点为记录 #{report.first_broken_id}（{report.reason}）", file=sys.stderr)
    return 1


def cmd_draw(args, settings: Settings) -> int:
    """Re-run a draw: from the database (--plan) or offline from a published announcement (--file)."""
    from supervision import draws
    if args.file:
        try:
            doc = json.loads(Path(args.file).read_text(encoding="utf-8"))
            v = draws.verify(snapshot_text=doc["snapshot"], seed=doc["seed"], snapshot_hash=doc["snapshotHash"],
                             seed_hash=doc["seedHash"], result=doc["result"])
        except (OSError, ValueError, KeyError, TypeError) as exc:
            return _fail(f"无法读取摇号公告 {args.file}：须为 JSON，含 snapshot、seed、snapshotHash、seedHash、result（{exc}）", 2)
    else:
        from supervision import inspections
        from supervision.errors import NotFound
        session = _session(settings)
        try:
            v = inspections.verify_plan(session, args.plan)
        except NotFound:
            return _fail(f"计划 {args.plan} 不存在或尚未摇号", 2)
        finally:
            session.close()
    print(v.message, file=sys.stdout if v.matches else sys.stderr)
    return 0 if v.matches else 1


def cmd_calendar(args, settings: Settings) -> int:
    from supervision import calendar
    from supervision.actors import SYSTEM
    from supervision.errors import DomainError
    try:
        data = json.loads(Path(args.file).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        return _fail(f"无法读取 {args.file}：{exc}", 2)
    session = _session(settings)
    try:
        n = calendar.publish_arrangement(session=session, actor=SYSTEM, year=data.get("year"), days=data.get("days", []),
                                         source=data.get("source", ""), request_id="cli")
        session.commit()
        print(f"已发布 {data['year']} 年节假日安排：{n} 天")
        return 0
    except DomainError as exc:
        session.rollback()
        return _print_errors(exc)
    finally:
        session.close()


def cmd_credit(args, settings: Settings) -> int:
    """The credit department's batch jobs: publish a standard, re-grade every active entity."""
    from sqlmodel import select

    from models import Department
    from supervision import credit, grading
    from supervision.actors import ActorKind, department_actor
    from supervision.errors import DomainError
    session = _session(settings)
    try:
        depts = [d for d in session.exec(select(Department).order_by(Department.id)).all() if "CREDIT" in d.kinds]
        if args.department:
            depts = [d for d in depts if d.code == args.department.upper()]
        if len(depts) != 1:
            return _fail("请用 --department 指定一个信用主管部门" if depts else "没有这样的信用主管部门", 2)
        actor = department_actor(ActorKind.SYSTEM, "system:cli", f"{depts[0].name}（命令行）", depts[0])
        if args.action == "publish-standard":
            data = json.loads(Path(args.file).read_text(encoding="utf-8")) if args.file else grading.DEFAULT_STANDARD
            row = credit.publish_credit_standard(session=session, actor=actor, name=args.name, data=data, request_id="cli")
            session.commit()
            print(f"已发布信用评估标准第 {row.version} 版：{row.name}")
            return 0
        run = credit.reevaluate_all(session=session, actor=actor, request_id="cli")
        session.commit()
        grades = "，".join(f"{g} {n}" for g, n in sorted(run.by_grade.items()))
        print(f"已按第 {run.standard_version} 版标准评定 {run.entities} 户：{grades or '无'}")
        return 0
    except DomainError as exc:
        session.rollback()
        return _print_errors(exc)
    except (OSError, ValueError) as exc:
        session.rollback()
        return _fail(f"无法读取标准文件：{exc}", 2)
    finally:
        session.close()


def feed_line(change) -> dict:
    """One change as a JSON line: the record under the standard's own column names, or null for a tombstone."""
    from supervision import disclosure
    rec = change.record
    return {"cursor": change.cursor, "event": change.event, "kind": change.kind, "disclosureId": change.disclosure_id,
            "at": change.at.isoformat(), "record": None if rec is None else {
                **{k: v for k, v in rec.items() if k != "fields"}, "fields": disclosure.to_standard(rec["kind"], rec["fields"])}}


def cmd_feed(args, settings: Settings) -> int:
    """feed pull: every change after --since as JSON lines (the last cursor on stderr); feed expire: end publicity periods."""
    from datetime import date

    from supervision import disclosure, feed
    from supervision.actors import SYSTEM
    from supervision.errors import DomainError
    session = _session(settings)
    try:
        if args.action == "expire":
            today = date.fromisoformat(args.today) if args.today else None
            n = disclosure.expire_due(session=session, actor=SYSTEM, today=today, request_id="cli")
            session.commit()
            print(f"公示期满撤下 {n} 条")
            return 0
        out = open(args.output, "w", encoding="utf-8") if args.output else sys.stdout
        cursor, n = args.since, 0
        try:
            while True:
                page = feed.read(session, after=cursor, first=args.page)
                session.rollback()  # each page in a fresh snapshot
                for c in page.changes:
                    out.write(json.dumps(feed_line(c), ensure_ascii=False) + "\n")
                n += len(page.changes)
                cursor = page.end_cursor
                if not page.has_next:
                    break
        finally:
            if out is not sys.stdout:
                out.close()
        print(f"{n} 条变更；下次请使用 --since {cursor or ''}", file=sys.stderr)
        return 0
    except DomainError as exc:
        session.rollback()
        return _print_errors(exc)
    finally:
        session.close()


def cmd_penalties(args, settings: Settings) -> int:
    """The platform's enforcement settings (what is major, publicity periods) and the 免罚清单 (000 §12)."""
    from dataclasses import replace
    from decimal import Decimal, InvalidOperation

    from sqlmodel import select

    from models import ExemptionRule
    from supervision import penalties
    from supervision.actors import SYSTEM
    from supervision.errors import DomainError
    session = _session(settings)
    try:
        if args.action == "settings":
            current = penalties.load_settings(session)
            changes = {}
            if args.major_fine is not None:
                try:
                    changes["major_fine_yuan"] = Decimal(args.major_fine)
                except InvalidOperation:
                    return _fail(f"金额无效：{args.major_fine}", 2)
            if args.major_measures is not None:
                changes["major_measures"] = frozenset(m.strip().upper() for m in args.major_measures.split(",") if m.strip())
            months = dict(current.publicity_months)
            if args.publicity_ordinary is not None:
                months["ORDINARY"] = args.publicity_ordinary
            if args.publicity_serious is not None:
                months["SERIOUS"] = args.publicity_serious
            if months != current.publicity_months:
                changes["publicity_months"] = months
            if changes:
                current = penalties.configure(session=session, actor=SYSTEM, settings=replace(current, **changes),
                                              request_id="cli")
                session.commit()
            print(json.dumps(current.as_json(), ensure_ascii=False, indent=2))
            return 0
        if args.action == "exemption-add":
            rule = penalties.add_exemption_rule(session=session, actor=SYSTEM, code=args.code, name=args.name,
                                                legal_basis=args.basis, request_id="cli")
            session.commit()
            print(f"已列入免罚清单：{rule.code} {rule.name}")
            return 0
        for r in session.exec(select(ExemptionRule).order_by(ExemptionRule.code)).all():
            print(f"{r.code}\t{'有效' if r.active else '停用'}\t{r.name}\t{r.legal_basis}")
        return 0
    except DomainError as exc:
        session.rollback()
        return _print_errors(exc)
    finally:
        session.close()


def cmd_schema(args, settings: Settings) -> int:
    from .graphql.schema import schema_sdl
    target = Path(args.output)
    sdl = schema_sdl()
    if args.check:
        current = target.read_text(encoding="utf-8") if target.exists() else ""
        if current != sdl:
            return _fail(f"{target} 已过期：请运行 jianguan schema export")
        print(f"{target} 是最新的")
        return 0
    target.write_text(sdl, encoding="utf-8")
    print(f"已导出 {target}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="jianguan", description="事中事后综合监管平台")
    sub = p.add_subparsers(dest="command", required=True)

    s = sub.add_parser("serve", help="迁移数据库并启动服务")
    s.add_argument("--demo", action="store_true", help="数据库为空时载入演示数据，并打印演示账号和密钥")
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--port", type=int, default=8000)
    s.add_argument("--workers", type=int, default=1)
    s.set_defaults(func=cmd_serve)

    d = sub.add_parser("db", help="数据库迁移")
    d.add_argument("action", choices=["upgrade", "downgrade"])
    d.add_argument("revision", nargs="?")
    d.set_defaults(func=cmd_db)

    dm = sub.add_parser("demo", help="载入演示数据")
    dm.add_argument("--entities", type=int, default=240)
    dm.set_defaults(func=cmd_demo)

    sd = sub.add_parser("seed", help="批量生成城市规模的确定性数据（压测用）")
    sd.add_argument("--entities", type=int, required=True, help="市场主体数量")
    sd.add_argument("--seed", type=int, default=1, help="随机种子：相同数量和种子生成相同数据")
    sd.add_argument("--chunk", type=int, default=10_000, help="每批写入的主体数")
    sd.add_argument("--quiet", action="store_true", help="不显示进度条")
    sd.set_defaults(func=cmd_seed)

    c = sub.add_parser("catalogue", help="部门与审批事项目录")
    csub = c.add_subparsers(dest="action", required=True)
    ci = csub.add_parser("import", help="从 JSON 文件导入（按编码新增或更新）")
    ci.add_argument("file")
    ci.add_argument("--dry-run", action="store_true", help="只预览变化，不写入")
    ci.set_defaults(func=cmd_catalogue)

    k = sub.add_parser("keys", help="合作系统密钥")
    ksub = k.add_subparsers(dest="action", required=True)
    kc = ksub.add_parser("create")
    kc.add_argument("--department")
    kc.add_argument("--public", action="store_true")
    kc.add_argument("--name")
    kc.set_defaults(func=cmd_keys)
    kr = ksub.add_parser("revoke")
    kr.add_argument("prefix")
    kr.set_defaults(func=cmd_keys)
    kl = ksub.add_parser("list")
    kl.set_defaults(func=cmd_keys)

    st = sub.add_parser("staff", help="工作人员账号")
    ssub = st.add_subparsers(dest="action", required=True)
    sc = ssub.add_parser("create")
    sc.add_argument("username")
    sc.add_argument("--department", required=True)
    sc.add_argument("--name")
    sc.add_argument("--role", action="append", choices=["OFFICER", "INSPECTOR", "LEGAL_REVIEWER", "DEPARTMENT_ADMIN", "PLATFORM_ADMIN"])
    sc.add_argument("--certificate")
    sc.add_argument("--password", help="省略则交互输入")
    sc.set_defaults(func=cmd_staff)
    sp = ssub.add_parser("reset-password")
    sp.add_argument("username")
    sp.add_argument("--password")
    sp.set_defaults(func=cmd_staff)

    a = sub.add_parser("audit", help="审计链")
    asub = a.add_subparsers(dest="action", required=True)
    av = asub.add_parser("verify", help="逐条校验审计链，指出第一处断点")
    av.set_defaults(func=cmd_audit)

    cal = sub.add_parser("calendar", help="节假日安排")
    calsub = cal.add_subparsers(dest="action", required=True)
    cp = calsub.add_parser("publish", help='发布某年安排：JSON {"year": 2027, "source": "...", "days": [{"date": "2027-02-20", "working": true}]}')
    cp.add_argument("file")
    cp.set_defaults(func=cmd_calendar)

    cr = sub.add_parser("credit", help="公共信用评估（信用主管部门）")
    crsub = cr.add_subparsers(dest="action", required=True)
    cre = crsub.add_parser("reevaluate", help="按现行标准重新评定全部存续主体的信用等级")
    cre.add_argument("--department", help="信用主管部门编码（只有一个时可省略）")
    crp = crsub.add_parser("publish-standard", help="发布新版信用评估标准（JSON；省略 --file 时发布默认标准）")
    crp.add_argument("--department", help="信用主管部门编码（只有一个时可省略）")
    crp.add_argument("--name", default="企业公共信用评估标准")
    crp.add_argument("--file")
    cr.set_defaults(func=cmd_credit)
    dr = sub.add_parser("draw", help="双随机摇号")
    drsub = dr.add_subparsers(dest="action", required=True)
    dv = drsub.add_parser("verify", help="用公开的名录快照和种子重新摇号，核对哈希与结果")
    dvg = dv.add_mutually_exclusive_group(required=True)
    dvg.add_argument("--plan", type=int, help="抽查计划编号（读取数据库）")
    dvg.add_argument("--file", help="摇号公告 JSON 文件（离线核对）")
    dv.set_defaults(func=cmd_draw)

    fd = sub.add_parser("feed", help="双公示信息订阅（信用网站拉取）")
    fsub = fd.add_subparsers(dest="action", required=True)
    fp = fsub.add_parser("pull", help="输出游标之后的全部变更（JSON Lines，标准中文列名）")
    fp.add_argument("--since", default=None, help="上次输出的游标（省略则从头开始）")
    fp.add_argument("--output", default=None, help="输出文件（默认标准输出）")
    fp.add_argument("--page", type=int, default=500)
    fp.set_defaults(func=cmd_feed)
    fe = fsub.add_parser("expire", help="公示期满的处罚信息撤下并写入订阅（每日运行）")
    fe.add_argument("--today", default=None)
    fe.set_defaults(func=cmd_feed)

    pe = sub.add_parser("penalties", help="行政处罚设置与免罚清单（平台管理员）")
    pesub = pe.add_subparsers(dest="action", required=True)
    ps = pesub.add_parser("settings", help="查看或修改：重大执法决定（须法制审核）的范围、处罚信息公示期")
    ps.add_argument("--major-fine", help="罚没金额达到该数额（元）即为重大决定")
    ps.add_argument("--major-measures", help="重大处罚类别，逗号分隔，如 REVOKE_LICENCE,SUSPEND_BUSINESS")
    ps.add_argument("--publicity-ordinary", type=int, help="一般失信处罚信息公示期（月）")
    ps.add_argument("--publicity-serious", type=int, help="严重失信处罚信息公示期（月）")
    ps.set_defaults(func=cmd_penalties)
    pa = pesub.add_parser("exemption-add", help="列入免罚清单（首次轻微违法不予处罚，000 §12）")
    pa.add_argument("code")
    pa.add_argument("name")
    pa.add_argument("--basis", required=True, help="依据")
    pa.set_defaults(func=cmd_penalties)
    pl = pesub.add_parser("exemptions", help="列出免罚清单")
    pl.set_defaults(func=cmd_penalties)

    sc2 = sub.add_parser("schema", help="GraphQL schema")
    scsub = sc2.add_subparsers(dest="action", required=True)
    se = scsub.add_parser("export")
    se.add_argument("--output", default=str(ROOT / "schema.graphql"))
    se.add_argument("--check", action="store_true", help="文件过期时以非零状态退出")
    se.set_defaults(func=cmd_schema)
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    settings = Settings.from_env()
    from sqlalchemy.exc import DBAPIError
    try:
        return args.func(args, settings)
    except DBAPIError as exc:
        return _fail(f"数据库错误（{_safe_url(settings.database_url)}）：{exc.orig}\n"
                     "数据库是否已创建并迁移？可运行 jianguan db upgrade")


if __name__ == "__main__":
    sys.exit(main())
