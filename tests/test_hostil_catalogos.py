"""Un `proceso.yaml → catalogos.estatus` hostil o descuidado: lo que escribe el analista en el nombre, las
frases o la abreviatura de un estatus es dato en cada formato y en la terminal, como el texto de una JLE."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import DEMO

# un nombre con Markdown, HTML y Jinja: en el anexo de cambios de estatus iba sin escapar (pandoc leía
# `<b>` como HTML crudo y el PDF no se componía)
NOMBRE = "C **n** <b>x</b> {{ 7 }}"
HOSTIL = f"""\
catalogos:
  estatus:
    "{NOMBRE}":
      orden: 3
      color: "#CC79A7"
      terminal: true
      singular: cancelado
      plural: cancelados
      abreviatura: Canc.
"""


def _demo(tmp_path: Path, extra: str = HOSTIL) -> Path:
    datos = tmp_path / "demo"
    shutil.copytree(DEMO, datos)
    with open(datos / "proceso.yaml", "a", encoding="utf-8") as f:
        f.write(extra)
    if NOMBRE not in extra:
        return datos
    jalisco = datos / "2024-03/jle/jalisco.yaml"
    texto = jalisco.read_text(encoding="utf-8")
    jalisco.write_text(texto.replace("estatus: Concluido", f'estatus: "{NOMBRE}"', 1), encoding="utf-8")
    return datos


def _invocar(*argumentos):
    from typer.testing import CliRunner

    from informe.cli import app

    r = CliRunner().invoke(app, [str(a) for a in argumentos], env={"COLUMNS": "80", "TERM": "dumb"})
    assert r.exception is None or isinstance(r.exception, SystemExit), r.exception
    return r


def test_el_nombre_de_un_estatus_agregado_es_texto_en_el_anexo_de_cambios(tmp_path):
    datos = _demo(tmp_path)
    r = _invocar("diff", "--datos", datos, "--desde", "2024-02", "--hasta", "2024-03", "--formato", "md")
    fila = next(l for l in r.stdout.splitlines() if l.startswith("| Jalisco | Gestionar"))
    assert fila.endswith(r"| nuevo | C \*\*n\*\* \<b\>x\</b\> \{\{ 7 \}\} |"), fila
    assert "<b>" not in r.stdout


def test_un_nombre_largo_no_recorta_los_encabezados_de_la_matriz(tmp_path):
    """Con un nombre largo Rich recortaba los encabezados («Pla… Pro… Con…»), que la leyenda ya no explicaba;
    la primera columna tiene 24 de ancho como máximo (el nombre más largo que admite proceso.yaml)."""
    datos = _demo(tmp_path)
    r = _invocar("diff", "--datos", datos, "--desde", "2024-02", "--hasta", "2024-03")
    lineas = r.stdout.splitlines()
    assert max(len(l) for l in lineas) <= 80
    encabezado = lineas[1].split()
    assert encabezado == ["Plan.", "Proc.", "Conc.", "Canc.", "S/est.", "Desap.", "Total"], encabezado
    assert NOMBRE in " ".join(r.stdout.split())


def test_abreviatura_con_marca_de_direccion_dice_por_que(tmp_path):
    extra = HOSTIL.replace("abreviatura: Canc.", 'abreviatura: "C\\u202e"')
    datos = _demo(tmp_path, extra)
    r = _invocar("validar", datos / "proceso.yaml", "--formato", "json")
    import json

    problemas = [p for p in json.loads(r.stdout)["problemas"] if p["codigo"] == "catalogo-invalido"]
    assert len(problemas) == 1 and problemas[0]["linea"] == 13, problemas
    assert "no se ve" in problemas[0]["mensaje"] and "caracteres; el máximo" not in problemas[0]["mensaje"]


def _problemas(datos: Path, ruta: str = "proceso.yaml"):
    import json

    r = _invocar("validar", datos / ruta, "--formato", "json")
    return [(p["linea"], p["columna"], p["codigo"]) for p in json.loads(r.stdout)["problemas"]]


def test_un_alias_vacio_no_vuelve_concluido_un_estatus_vacio(tmp_path):
    """`"": Concluido` en proceso.yaml hacía que `estatus: ""` de una JLE contara como Concluido, sin aviso."""
    datos = _demo(tmp_path, 'catalogos:\n  estatus:\n    "": Concluido\n    " ": Concluido\n')
    assert _problemas(datos) == [(7, 5, "catalogo-invalido"), (8, 5, "catalogo-invalido")]


def test_un_estatus_sin_valor_se_dice_no_se_pierde(tmp_path):
    """`Cancelado:` vacío, u `orden:` y `terminal:` sin valor, quitaban el estatus callado: la JLE leía
    «no está en el catálogo. ¿Quiso decir «Concluido»?»."""
    datos = _demo(tmp_path, HOSTIL.replace("orden: 3", "orden:").replace("terminal: true", "terminal:")
                  + "    Anulado:\n    ? [a]\n    : Concluido\n")
    assert _problemas(datos) == [(8, 13, "campo-requerido"), (10, 16, "campo-requerido"),
                                 (14, 13, "campo-requerido"), (15, 7, "tipo-invalido")]


def test_un_nombre_de_mas_de_24_caracteres_es_problema(tmp_path):
    """Uno de 355 caracteres ensanchaba la gráfica 3 a 4028 píxeles y tapaba las demás etiquetas."""
    largo = "Cancelado " + "larguísimo " * 30
    datos = _demo(tmp_path, HOSTIL.replace(NOMBRE, largo.strip()))
    assert _problemas(datos) == [(7, 5, "catalogo-invalido")]


def test_la_etiqueta_de_un_estatus_de_dos_palabras_se_parte_en_la_grafica(tmp_path, monkeypatch):
    """Sin partirse, «Concluido parcialmente x» se encimaba con «Concluido» y «Sin estatus»."""
    from informe.seguridad import graficas

    figuras = []
    monkeypatch.setattr(graficas, "guardar_png", lambda fig, ruta: figuras.append(fig) or "")
    graficas.grafica_estatus([["Planeación", 41, "#E69F00"], ["En proceso", 51, "#0072B2"],
                              ["Concluido", 20, "#009E73"], ["Concluido parcialmente x", 1, "#CC79A7"],
                              ["Sin estatus", 1, "#999999"]], tmp_path / "g.png")
    fig = figuras[0]
    fig.canvas.draw()
    cajas = [t.get_window_extent() for t in fig.axes[0].get_xticklabels()]
    assert [t.get_text() for t in fig.axes[0].get_xticklabels()][3] == "Concluido\nparcialmente\nx"
    assert all(a.x1 < b.x0 for a, b in zip(cajas, cajas[1:]))


def _agregados(n: int, nombre: str = "Agregado núm {}") -> str:
    return "catalogos:\n  estatus:\n" + "".join(
        f'    {nombre.format(i)}: {{orden: {i + 3}, color: "#CC79A7", terminal: false, singular: e, plural: es, '
        f"abreviatura: Agr.{i}}}\n" for i in range(n))


def test_con_cuatro_estatus_agregados_la_matriz_cabe_con_su_total(tmp_path):
    """Con cuatro nombres largos Rich dejaba fuera la columna del total y las filas «Agregado núm…» no se
    distinguían: las filas van abreviadas como las columnas, y la leyenda da los nombres."""
    datos = _demo(tmp_path, _agregados(4))
    r = _invocar("diff", "--datos", datos, "--desde", "2024-02", "--hasta", "2024-03")
    lineas = r.stdout.splitlines()
    assert max(len(l) for l in lineas) <= 80
    assert lineas[1].split() == ["Plan.", "Proc.", "Conc.", "Agr.0", "Agr.1", "Agr.2", "Agr.3", "S/est.", "Desap.",
                                 "Total"]
    assert [l.split()[0] for l in lineas[3:13]] == ["nuevo", "Plan.", "Proc.", "Conc.", "Agr.0", "Agr.1", "Agr.2",
                                                    "Agr.3", "S/est.", "Total"]
    assert "Agr.3: Agregado núm 3" in " ".join(r.stdout.split())


def test_mas_de_cuatro_estatus_agregados_es_problema(tmp_path):
    """Con 2,000 estatus nuevos `informe diff` no terminaba en dos minutos (una matriz de 2,000 × 2,000)."""
    datos = _demo(tmp_path, _agregados(6, "E{}"))
    assert _problemas(datos) == [(11, 5, "catalogo-invalido")]


def test_acuerdos_salida_a_una_tuberia_no_la_reemplaza(tmp_path):
    """El reemplazo atómico cambiaba el nodo: `--salida /dev/null` (como root) dejaba /dev/null convertido en
    un archivo con los acuerdos. Aquí, con una tubería (la prueba no toca /dev)."""
    import os
    import stat

    tuberia = tmp_path / "acuerdos.csv"
    os.mkfifo(tuberia)
    r = _invocar("acuerdos", "--datos", DEMO, "--periodo", "2024-03", "--salida", tuberia)
    assert r.exit_code == 2
    assert "no es un archivo común" in " ".join(r.stderr.split())
    assert stat.S_ISFIFO(os.lstat(tuberia).st_mode)


def test_un_entero_no_valido_se_dice_en_espanol():
    r = _invocar("diff", "--datos", DEMO, "--desde", "2024-02", "--hasta", "2024-03", "--sin-avance", "abc")
    assert r.exit_code == 2
    texto = " ".join(r.stderr.split())
    assert "'abc' no es un número entero." in texto and "int" not in texto.replace("informe", "")


def test_un_nombre_que_yaml_leeria_de_otra_forma_es_problema(tmp_path):
    """Las instrucciones de la plantilla dicen `estatus: <nombre>`: «Cancelado #2» se leía «Cancelado» y
    «C: x» rompía el archivo de la JLE; un alias con saltos de línea, igual."""
    extra = HOSTIL.replace(f'"{NOMBRE}"', '"Cancelado #2"') + '      alias: ["a\\nestatus: Concluido", "b"]\n'
    datos = _demo(tmp_path, extra)
    assert _problemas(datos) == [(7, 5, "catalogo-invalido")]
    extra = HOSTIL + '      alias: ["a\\nestatus: Concluido", "C: x", "b"]\n'
    datos = _demo(tmp_path / "otro", extra)
    assert _problemas(datos) == [(14, 15, "catalogo-invalido"), (14, 40, "catalogo-invalido")]
