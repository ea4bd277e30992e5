"""La redacción del analista: ranuras, caja de arena, lecturas dentro de la carpeta de datos, y su revisión."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from conftest import escribir, leer_md

ESCAPE = "{{ cycler.__init__.__globals__.os.popen('touch MARCA').read() }}"


def _datos(tmp_path: Path, textos: dict[str, str] | None = None, proceso_textos: str = "") -> Path:
    datos = tmp_path / "datos"
    escribir(datos / "proceso.yaml", "nombre: Proceso de Prueba\ninstitucion: Instituto Nacional Electoral\n"
                                     f"area: DEOE\n{proceso_textos}")
    escribir(datos / "2024-05" / "periodo.yaml", "numero: 6\ninicio: 2024-04-24\nfin: 2024-05-21\n")
    escribir(datos / "2024-05" / "jle" / "col.yaml",
             "entidad: Colima\nperiodo: 2024-05\nacuerdos:\n  - descripcion: Uno\n    estatus: Concluido\n")
    for nombre, texto in (textos or {}).items():
        escribir(datos / "2024-05" / "textos" / nombre, texto)
    return datos


def _codigos(correr_json, ruta: Path) -> list[tuple[str, str, int | None]]:
    codigo, j = correr_json("validar", ruta, "--datos", ruta, "--formato", "json")
    return [(p["codigo"], Path(p["archivo"]).name, p["linea"]) for p in j["problemas"]]


def test_texto_del_periodo_cita_cifras_y_escapa_datos(correr, tmp_path):
    datos = _datos(tmp_path, {"acuerdos.md": "Se tomaron **{{ r.acuerdos.total }}** acuerdos en "
                                             "{{ proceso.nombre }}; primero: {{ r.anexo_acuerdos[0].filas[0].descripcion }}.\n"})
    # un dato con signos de Markdown sale literal aunque lo cite la redacción
    (datos / "2024-05" / "jle" / "col.yaml").write_text(
        "entidad: Colima\nperiodo: 2024-05\nacuerdos:\n  - descripcion: \"*uno* [x](y)\"\n    estatus: Concluido\n",
        encoding="utf-8")
    codigo, _, error = correr("compilar", "-p", "2024-05", "-d", datos, "-o", tmp_path / "s", "-f", "md", "--permitir-faltantes")
    assert codigo == 0, error
    md = leer_md(tmp_path / "s" / "informe-2024-05.md")
    assert "Se tomaron **1** acuerdos en Proceso de Prueba; primero: \\*uno\\* \\[x\\](y)." in md


@pytest.mark.parametrize("donde", ["periodo", "proceso"])
def test_escape_de_la_caja_de_arena_no_ejecuta_nada(correr, correr_json, tmp_path, donde):
    marca = tmp_path / "ejecutado"
    texto = ESCAPE.replace("MARCA", str(marca))
    if donde == "periodo":
        datos = _datos(tmp_path, {"temas.md": f"Análisis.\n\n{texto}\n"})
        archivo, linea = "temas.md", 3
    else:
        datos = _datos(tmp_path, proceso_textos="textos:\n  presentacion: textos/p.md\n")
        escribir(datos / "textos" / "p.md", f"Presentación.\n{texto}\n")
        archivo, linea = "p.md", 2
    assert ("texto-plantilla", archivo, linea) in _codigos(correr_json, datos)
    codigo, _, error = correr("compilar", "-p", "2024-05", "-d", datos, "-o", tmp_path / "s", "-f", "md")
    assert codigo == 1 and "texto-plantilla" in error
    assert not marca.exists()
    # aun sin validar, componer en la caja de arena no ejecuta nada: es un error con archivo y línea
    from informe.textos import ErrorDeTexto, Texto, componer

    with pytest.raises(ErrorDeTexto):
        componer(Texto("temas", "temas.md", texto), {"r": None, "proceso": {}})
    assert not marca.exists()


def test_rutas_fuera_de_la_carpeta_de_datos(correr_json, tmp_path):
    secreto = escribir(tmp_path / "secreto.md", "Clave: 1234\n")
    for ruta in (str(secreto), "../secreto.md", "textos/enlace.md"):
        datos = _datos(tmp_path / ruta.replace("/", "_"), proceso_textos=f"textos:\n  presentacion: {ruta}\n")
        (datos / "textos").mkdir(exist_ok=True)
        os.symlink(secreto, datos / "textos" / "enlace.md")
        assert ("texto-ruta", "proceso.yaml", None) in _codigos(correr_json, datos), ruta


def test_enlace_del_periodo_que_sale_de_datos(correr_json, correr, tmp_path):
    secreto = escribir(tmp_path / "secreto.md", "Clave: 1234\n")
    datos = _datos(tmp_path)
    (datos / "2024-05" / "textos").mkdir()
    os.symlink(secreto, datos / "2024-05" / "textos" / "temas.md")
    assert ("texto-ruta", "temas.md", None) in _codigos(correr_json, datos)
    codigo, _, _ = correr("compilar", "-p", "2024-05", "-d", datos, "-o", tmp_path / "s", "-f", "md")
    assert codigo == 1
    assert not (tmp_path / "s" / "informe-2024-05.md").exists()


def test_validar_revisa_sintaxis_nombres_y_ranuras(correr_json, tmp_path):
    datos = _datos(tmp_path, {
        "temas.md": "Uno.\n\nDos {{ r.temas.total \n",
        "acuerdos.md": "Bien.\nSe tomaron {{ cifra_inventada }} acuerdos.\n",
        "conclusiones.md": "No hay tal ranura.\n",
    })
    problemas = _codigos(correr_json, datos)
    assert ("texto-plantilla", "temas.md", 3) in problemas
    assert ("texto-variable", "acuerdos.md", 2) in problemas
    assert ("texto-ranura", "conclusiones.md", None) in problemas


def test_advertencia_de_escritura_con_linea_y_columna(correr_json, tmp_path):
    datos = _datos(tmp_path)
    escribir(datos / "2024-05" / "jle" / "col.yaml",
             "entidad: Colima\nperiodo: 2024-05\nmedidas:\n  - descripcion: \"La Maestra Liliаna Díaz\"\n"
             "    estatus: Concluido\n  - descripcion: \"Texto con \\u202E invertido\"\n    estatus: Concluido\n"
             "  - descripcion: \"Espacio\\u200Binvisible\"\n    estatus: Concluido\n")
    codigo, j = correr_json("validar", datos / "2024-05" / "jle" / "col.yaml", "--datos", datos, "--formato", "json")
    escritura = [(p["linea"], p["columna"], p["mensaje"]) for p in j["problemas"] if p["codigo"] == "texto-escritura"]
    assert codigo == 0 and len(escritura) == 3  # advertencias: se imprimen, el texto no se toca
    (l1, c1, m1), (l2, _, m2), (l3, _, m3) = escritura
    assert (l1, c1) == (4, 34) and "cirílica" in m1 and "U+0430" in m1  # una «а» cirílica entre latinas
    assert l2 == 6 and "dirección" in m2
    assert l3 == 8 and "invisible" in m3


def test_lo_que_la_letra_no_tiene_es_error_no_advertencia(correr_json, tmp_path):
    """Una letra árabe de una extracción de PDF, un control o un no carácter no se pueden imprimir en el
    PDF/A: son texto-sin-glifo (error), una sola vez por texto y en la misma posición que señalaría la
    advertencia de escritura."""
    datos = _datos(tmp_path)
    escribir(datos / "2024-05" / "jle" / "col.yaml",
             "entidad: Colima\nperiodo: 2024-05\nmedidas:\n  - descripcion: \"La Maestra Liliانا Díaz\"\n"
             "    estatus: Concluido\n  - descripcion: \"Control \\x07 y \\uFFFE\"\n    estatus: Concluido\n")
    codigo, j = correr_json("validar", datos / "2024-05" / "jle" / "col.yaml", "--datos", datos, "--formato", "json")
    assert codigo == 1
    assert [(p["codigo"], p["linea"], p["columna"]) for p in j["problemas"]
            if p["codigo"] in ("texto-sin-glifo", "texto-escritura")] == [
        ("texto-sin-glifo", 4, 34), ("texto-sin-glifo", 6, 27)]


def test_texto_del_periodo_con_escritura_ajena(correr_json, tmp_path):
    datos = _datos(tmp_path, {"temas.md": "Bien.\nEl Вocal informó.\n"})
    assert ("texto-escritura", "temas.md", 2) in _codigos(correr_json, datos)


def test_cifras_publicadas_deben_cuadrar_con_las_filas(correr_json, tmp_path):
    datos = _datos(tmp_path)
    escribir(datos / "2024-05" / "periodo.yaml",
             "numero: 6\ninicio: 2024-04-24\nfin: 2024-05-21\npublicado:\n  reuniones: 3\n"
             "  acuerdos:\n    Concluido: 2\n")
    escribir(datos / "2024-05" / "jle" / "col.yaml",
             "entidad: Colima\nperiodo: 2024-05\nreuniones:\n  - fecha: 2024-05-02\n    asistentes: 4\n"
             "acuerdos:\n  - descripcion: Uno\n    estatus: Concluido\n")
    problemas = _codigos(correr_json, datos)
    assert ("publicado-no-cuadra", "periodo.yaml", 5) in problemas  # reuniones: 3 publicadas, 1 en filas
    assert ("publicado-no-cuadra", "periodo.yaml", 6) in problemas  # acuerdos: 2 publicados, 1 en filas


def test_token_largo_entero_en_el_pdf(tmp_path):
    from pypdf import PdfReader

    from informe.compilar import compilar

    folio = "FOLIO-" + "".join(f"{i % 10}" for i in range(294))
    datos = _datos(tmp_path)
    escribir(datos / "2024-05" / "jle" / "col.yaml",
             f"entidad: Colima\nperiodo: 2024-05\nacuerdos:\n  - descripcion: Revisar el {folio} y... lo demás.\n"
             "    estatus: Concluido\n")
    compilar(datos, "2024-05", tmp_path / "s", ("pdf",), permitir_faltantes=True)
    texto = "".join(p.extract_text() for p in PdfReader(str(tmp_path / "s" / "informe-2024-05.pdf")).pages)
    assert len(folio) == 300 and folio in "".join(texto.replace("\u200b", "").split())
    assert "y... lo" in texto  # los tres puntos no se vuelven «…»


def test_cada_ranura_esta_documentada():
    from conftest import RAIZ
    from informe.seguridad import FAMILIA

    doc = (RAIZ / "docs" / "textos.md").read_text(encoding="utf-8")
    for ranura, donde in FAMILIA.ranuras.items():
        assert f"| `{ranura}` | {donde} |" in doc


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.one_of(st.characters(max_codepoint=0x24F), st.characters(min_codepoint=0x2000,
                                                                                     max_codepoint=0x2100),
                                  st.sampled_from("áéíóúñÑ¿¡«»—–“”…\u200b\u202e\x7f\x85\ufeffЖلα中")), max_size=40))
def test_primer_ajeno_con_la_expresion_rapida_da_lo_mismo_que_recorrer(texto):
    """La expresión de caracteres comunes (escritura._comunes) es solo un atajo: la respuesta es la de
    revisar cada carácter con problema_de."""
    from informe.escritura import primer_ajeno, problema_de

    esperado = next(((i, c, m) for i, c in enumerate(texto) if (m := problema_de(c)) is not None), None)
    assert primer_ajeno(texto) == esperado
