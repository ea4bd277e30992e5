"""La CLI: salidas, códigos de salida, ayuda en español y arranque ligero."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import DEMO, INVALIDOS, RAIZ


def test_validar_json(correr_json):
    codigo, datos = correr_json("validar", INVALIDOS / "fecha-posterior.yaml", "--datos", DEMO, "--formato", "json")
    assert codigo == 1
    assert datos["archivos"] == 1 and datos["errores"] == 1 and datos["advertencias"] == 0
    [p] = datos["problemas"]
    assert set(p) == {"archivo", "linea", "columna", "codigo", "severidad", "mensaje", "sugerencia"}
    assert p["archivo"].endswith("fecha-posterior.yaml")
    assert (p["linea"], p["codigo"], p["severidad"]) == (6, "fecha-posterior", "error")
    assert "2024-01-24 al 2024-02-23" in p["mensaje"]


def test_validar_texto_formato_de_linea(correr):
    codigo, salida, _ = correr("validar", INVALIDOS / "estatus-desconocido.yaml", "--datos", DEMO)
    assert codigo == 1
    lineas = salida.splitlines()
    assert lineas[0] == "ejemplos/invalidos/estatus-desconocido.yaml" or lineas[0].endswith("estatus-desconocido.yaml")
    assert lineas[1].endswith("estatus-desconocido.yaml:7:14: error estatus-desconocido "
                              "acuerdos[1].estatus: «Terminado» no está en el catálogo.")
    assert lineas[-1] == "1 archivo revisado: 1 error, 0 advertencias."


def test_codigos_de_salida(correr, tmp_path):
    assert correr("validar", DEMO, "--datos", DEMO)[0] == 0
    assert correr("validar", DEMO, "--datos", DEMO, "--estricto")[0] == 1  # la demo tiene advertencias
    assert correr("validar", INVALIDOS / "fecha-anterior.yaml", "--datos", DEMO)[0] == 0
    assert correr("validar", INVALIDOS / "fecha-anterior.yaml", "--datos", DEMO, "--estricto")[0] == 1
    codigo, _, error = correr("validar", tmp_path / "no-existe.yaml")
    assert codigo == 2 and "no existe" in error
    assert correr("validar", DEMO, "--opcion-inventada")[0] == 2
    assert correr("validar")[0] == 2


def test_texto_de_datos_no_es_marcado(correr, tmp_path):
    f = tmp_path / "x.yaml"
    f.write_text("entidad: '[bold]Colima[/bold]'\nperiodo: 2024-05\n", encoding="utf-8")
    _, salida, _ = correr("validar", f)
    assert "«[bold]Colima[/bold]»" in salida


def test_esquema_es_el_publicado(correr):
    _, salida, _ = correr("esquema")
    esquema = json.loads(salida)
    assert esquema["required"] == ["entidad", "periodo"]
    assert esquema["properties"]["acuerdos"]["items"]["properties"]["estatus"]["enum"] == \
        ["Planeación", "En proceso", "Concluido"]
    assert json.loads((RAIZ / "docs" / "jle.schema.json").read_text(encoding="utf-8")) == esquema


def test_ayuda_en_espanol(correr):
    codigo, salida, _ = correr("--help")
    assert codigo == 0
    for texto in ("Uso:", "Comandos", "validar", "Muestra esta ayuda y termina."):
        assert texto in salida
    _, salida, _ = correr("validar", "--help")
    assert "Argumentos" in salida and "Opciones" in salida and "--estricto" in salida
    assert "Usage" not in salida and "Show this message" not in salida


def test_arranque_no_importa_bibliotecas_pesadas():
    codigo = ("import sys, runpy; sys.argv=['informe','validar','--help']\n"
              "try:\n    runpy.run_module('informe', run_name='__main__')\nexcept SystemExit: pass\n"
              "pesadas = [m for m in ('matplotlib','docx','pypandoc','typst','jinja2') if m in sys.modules]\n"
              "print('PESADAS=' + ','.join(pesadas))")
    r = subprocess.run([sys.executable, "-c", codigo], capture_output=True, text=True, cwd=RAIZ)
    assert r.stdout.strip().splitlines()[-1] == "PESADAS="


def test_python_m_informe():
    r = subprocess.run([sys.executable, "-m", "informe", "validar", str(DEMO), "--datos", str(DEMO),
                        "--formato", "json"], capture_output=True, text=True, cwd=RAIZ)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["errores"] == 0


def test_cada_codigo_esta_documentado():
    from informe.problemas import CODIGOS

    doc = (RAIZ / "docs" / "validacion.md").read_text(encoding="utf-8")
    for codigo, (severidad, _) in CODIGOS.items():
        assert f"| `{codigo}` | {severidad} |" in doc
