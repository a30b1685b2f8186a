"""`secretaria importar` and `secretaria usuarios`: the CLI on the embedded default."""

from __future__ import annotations

from typer.testing import CliRunner

from servicio.ajustes import Ajustes
from servicio.autenticacion import huella_token
from servicio.bootstrap import construir
from servicio.cli import cli
from tests.soporte.pdfs import pdf_con_texto


def test_importar_carpeta_con_csv(tmp_path, monkeypatch) -> None:
    datos, carpeta = tmp_path / "datos", tmp_path / "pdfs"
    carpeta.mkdir()
    (carpeta / "o1.pdf").write_bytes(pdf_con_texto("Ordenanza de limpieza pública"))
    (carpeta / "d1.pdf").write_bytes(pdf_con_texto("Decreto de horario de verano", paginas=2))
    (carpeta / "roto.pdf").write_bytes(b"%PDF-1.4 roto")
    (carpeta / "meta.csv").write_text(
        "archivo,tipo,titulo,fecha_documento,etiquetas\n"
        "o1.pdf,ORDENANZA,Ordenanza de limpieza,2025-02-01,limpieza;residuos\n"
        "d1.pdf,decreto_alcaldia,Horario de verano,,\n"
        "roto.pdf,ORDENANZA,PDF dañado,,\n"
        "falta.pdf,ORDENANZA,No existe,,\n"
        "o1.pdf,CIRCULAR,Tipo desconocido,,\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("SECRETARIA_DATOS", str(datos))
    r = CliRunner().invoke(cli, ["importar", str(carpeta), str(carpeta / "meta.csv")])
    assert r.exit_code == 1  # some rows failed
    assert "Registrados: 2; con error: 3." in r.output
    assert "Línea 4:" in r.output and "Línea 5:" in r.output and "Línea 6:" in r.output

    c = construir(Ajustes(datos=datos))
    try:
        registrados = [
            n
            for n in c.app.recorder.select_notifications(start=1, limit=100)
            if "Redactado" in n.topic
        ]
        assert len(registrados) == 2
        docs = [c.app.documento(n.originator_id) for n in registrados]
        assert {d.tipo for d in docs} == {"ORDENANZA", "DECRETO_ALCALDIA"}
        assert next(d for d in docs if d.tipo == "ORDENANZA").etiquetas == ["limpieza", "residuos"]
    finally:
        c.cerrar()


def test_crear_listar_y_desactivar_usuario(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("SECRETARIA_DATOS", str(tmp_path))
    ejecutor = CliRunner()
    r = ejecutor.invoke(cli, ["usuarios", "crear", "Rosa Registradora", "--rol", "registrador"])
    assert r.exit_code == 0, r.output
    token = r.output.strip().splitlines()[-1]
    assert token.startswith("sec_")
    assert token not in ejecutor.invoke(cli, ["usuarios", "listar"]).output

    c = construir(Ajustes(datos=tmp_path))
    usuario = c.app.usuario_por_huella(huella_token(token))
    c.cerrar()
    assert usuario is not None and usuario.rol == "registrador" and usuario.activo

    r = ejecutor.invoke(cli, ["usuarios", "desactivar", str(usuario.id)])
    assert r.exit_code == 0, r.output
    c = construir(Ajustes(datos=tmp_path))
    assert not c.app.usuario_por_huella(huella_token(token)).activo
    c.cerrar()

    sin_fedatario = ejecutor.invoke(cli, ["usuarios", "crear", "Ana", "--rol", "fedatario"])
    assert sin_fedatario.exit_code == 2
