"""Nada falso en el informe (issue 22): cada regla sobre una carpeta de datos mínima.

- una fecha supuesta no se imprime;
- un periodo de origen «anexos» se compila como su anexo, sin «no reportado» en md, docx ni pdf;
- una reunión federal fuera del periodo se advierte con línea y columna, y no se lista;
- una plantilla sin tocar no produce «no se han incorporado» para una JLE con reuniones;
- un ejemplo sin cambiar (y una reunión con 0 asistentes) es un error;
- sin federal.yaml, `compilar` se niega y `estado` lo muestra;
- un apartado sin datos no se escribe ni en el cuerpo ni en el índice, y `validar` lo advierte;
- «no se recibió una actualización» solo con entregas de las JLE recibidas.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from conftest import escribir, tabla_md, leer_md

PERIODO = "numero: 6\ninicio: 2024-04-24\nfin: 2024-05-23\n"
FEDERAL = ("reuniones:\n  - fecha: 2024-05-07\n    nombre: \"Novena reunión 2024\"\n"
           "solicitudes:\n  recibidas: 3\n  sspc: 2\n  opl: 1\n")


def _carpeta(tmp_path: Path, periodo: str = PERIODO, federal: str | None = FEDERAL, jle: dict | None = None) -> Path:
    datos = tmp_path / "datos"
    escribir(datos / "proceso.yaml", "nombre: Proceso de Prueba\ninstitucion: Instituto Nacional Electoral\narea: DEOE\n")
    escribir(datos / "2024-05" / "periodo.yaml", periodo)
    if federal is not None:
        escribir(datos / "2024-05" / "federal.yaml", federal)
    for nombre, texto in (jle or {"col": "entidad: Colima\nperiodo: 2024-05\nacuerdos:\n  - descripcion: Uno.\n"
                                         "    estatus: Concluido\n"}).items():
        escribir(datos / "2024-05" / "jle" / f"{nombre}.yaml", texto)
    return datos


def _compilar(correr, datos: Path, salida: Path, *formatos: str, faltantes: bool = True) -> tuple[int, str, str]:
    args = ["compilar", "-p", "2024-05", "-d", datos, "-o", salida]
    for f in formatos or ("md",):
        args += ["-f", f]
    return correr(*args, *(["--permitir-faltantes"] if faltantes else []))


def _texto_docx(ruta: Path) -> str:
    xml = zipfile.ZipFile(ruta).read("word/document.xml").decode("utf-8")
    return " ".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", xml))


def _texto_pdf(ruta: Path) -> str:
    from pypdf import PdfReader

    return " ".join(p.extract_text() for p in PdfReader(str(ruta)).pages)


def test_una_fecha_supuesta_no_se_imprime(correr, tmp_path):
    datos = _carpeta(tmp_path, PERIODO + "fechas_supuestas: true\n")
    codigo, _, error = _compilar(correr, datos, tmp_path / "s", "md", "docx")
    assert codigo == 0, error
    md = leer_md(tmp_path / "s" / "informe-2024-05.md")
    docx = _texto_docx(tmp_path / "s" / "informe-2024-05.docx")
    for texto in (md, docx):
        for fecha in ("24 de abril", "23 de mayo", "Periodo que se informa", "Fecha de corte", "mayo 2024"):
            assert fecha not in texto, fecha
    # lo que sí consta se dice igual: las reuniones del periodo y las solicitudes
    assert "En el periodo se llevó a cabo\n1 reunión de la Mesa" in md
    assert "En el periodo, el Instituto recibió un total de **3" in md
    # con las fechas confirmadas, el mismo informe las dice
    datos2 = _carpeta(tmp_path / "b")
    assert _compilar(correr, datos2, tmp_path / "s2")[0] == 0
    md2 = leer_md(tmp_path / "s2" / "informe-2024-05.md")
    assert "Del 24 de abril al 23 de mayo de 2024 se llevó a cabo" in md2 and 'subtitle: "mayo 2024"' in md2


def test_periodo_de_anexos_se_compila_como_su_anexo(correr, correr_json, tmp_path):
    datos = _carpeta(tmp_path, PERIODO + "origen: anexos\nfechas_supuestas: true\n")
    codigo, _, error = _compilar(correr, datos, tmp_path / "s", "md", "docx", "pdf")
    assert codigo == 0, error
    md = leer_md(tmp_path / "s" / "informe-2024-05.md")
    assert md.startswith('---\ntitle: "Anexo 1 del Sexto Informe que rinde la Secretaría Ejecutiva del Instituto '
                         'Nacional Electoral, sobre las acciones')
    assert tabla_md(md, "Acuerdos alcanzados por entidad") == [["Colima", "Uno.", "Concluido"]]
    textos = {"md": md, "docx": _texto_docx(tmp_path / "s" / "informe-2024-05.docx"),
              "pdf": _texto_pdf(tmp_path / "s" / "informe-2024-05.pdf")}
    for formato, texto in textos.items():
        for frase in ("no reportado", "no se reportó", "Presentación", "Antecedentes", "Mesa de Coordinación a nivel",
                      "Solicitudes de seguridad", "Índice", "24 de abril"):
            assert frase not in texto, (formato, frase)
    # validar lo dice, y las notas de captura también
    _, j = correr_json("validar", datos / "2024-05", "--datos", datos, "--formato", "json")
    omitidos = [p["mensaje"] for p in j["problemas"] if p["codigo"] == "apartado-omitido"]
    assert omitidos == ["El informe de 2024-05 no incluirá el cuerpo del informe (apartados 1 a 5): el periodo se "
                        "reconstruyó de los anexos publicados (origen: anexos): se compila como su Anexo 1, el "
                        "documento que se publicó."]
    notas = (tmp_path / "s" / "informe-2024-05.notas.md").read_text(encoding="utf-8")
    assert "## Lo que el informe no incluye\n\n- El cuerpo del informe (apartados 1 a 5)" in notas


def test_apartado_sin_datos_fuera_del_cuerpo_y_del_indice(correr, correr_json, tmp_path):
    # sin reuniones federales ni medidas: 3.1 y 4 no se escriben; 3.2 pasa a 3.1 y 5 a 4
    datos = _carpeta(tmp_path, federal="solicitudes:\n  recibidas: 3\n  sspc: 2\n  opl: 1\n")
    codigo, _, error = _compilar(correr, datos, tmp_path / "s")
    assert codigo == 0, error
    md = leer_md(tmp_path / "s" / "informe-2024-05.md")
    indice = md[md.index("::: indice"):md.index(":::\n", md.index("::: indice") + 3)]
    assert re.findall(r"^ *\d+\. (.+)$", indice, flags=re.M) == [
        "Presentación", "Antecedentes", "Reuniones de las mesas de coordinación",
        "Mesas de Coordinación a nivel estatal", "Solicitudes de seguridad de candidaturas",
        "Anexo 1. Acuerdos alcanzados"]
    assert re.findall(r"^#+ (.+?) \{", md, flags=re.M) == [
        "1. Presentación", "2. Antecedentes", "3. Reuniones de las mesas de coordinación",
        "3.1 Mesas de Coordinación a nivel estatal", "4. Solicitudes de seguridad de candidaturas",
        "Anexo 1. Acuerdos alcanzados"]
    assert "no reportado" not in md and "Medidas adicionales" not in md and "a nivel federal" not in md
    # una advertencia por omisión, que compilar cuenta
    _, j = correr_json("validar", datos / "2024-05", "--datos", datos, "--formato", "json")
    omitidos = sorted(p["mensaje"].split(":")[0] for p in j["problemas"] if p["codigo"] == "apartado-omitido")
    assert omitidos == [
        "El informe de 2024-05 no incluirá el apartado «Medidas adicionales de seguridad implementadas en las "
        "entidades federativas»",
        "El informe de 2024-05 no incluirá el apartado «Mesa de Coordinación a nivel federal»"]
    codigo, _, error = _compilar(correr, datos, tmp_path / "s")
    assert "2 advertencias en los datos (2 en 2024-05)" in " ".join(error.split())


def test_reunion_federal_fuera_del_periodo(correr, correr_json, tmp_path):
    federal = ("reuniones:\n  - fecha: 2024-03-30\n    nombre: \"Octava reunión 2024\"\n"
               "  - fecha: 2024-05-07\n    nombre: \"Novena reunión 2024\"\n")
    datos = _carpeta(tmp_path, federal=federal)
    _, j = correr_json("validar", datos / "2024-05", "--datos", datos, "--formato", "json")
    fuera = [p for p in j["problemas"] if p["codigo"] == "federal-fuera-de-periodo"]
    assert [(p["linea"], p["columna"], p["severidad"]) for p in fuera] == [(2, 12, "advertencia")]
    assert "Octava reunión 2024" in fuera[0]["mensaje"] and "2024-03-30" in fuera[0]["mensaje"]
    assert _compilar(correr, datos, tmp_path / "s")[0] == 0
    md = leer_md(tmp_path / "s" / "informe-2024-05.md")
    assert "30 de marzo" not in md and "Octava" not in md
    assert "| 1 | 7 de mayo de 2024 | Novena reunión 2024 |" in md
    # corregida en los datos, con la fecha publicada y el motivo: ni advertencia ni fecha fuera del periodo
    escribir(datos / "2024-05" / "federal.yaml", federal.replace(
        "  - fecha: 2024-03-30\n", "  - fecha: 2024-04-30\n    correccion:\n      publicada: 2024-03-30\n"
                                   "      motivo: \"Fuera de orden en la fuente.\"\n"))
    _, j = correr_json("validar", datos / "2024-05", "--datos", datos, "--formato", "json")
    assert not [p for p in j["problemas"] if p["codigo"] in ("federal-fuera-de-periodo", "fecha-desordenada")]
    assert _compilar(correr, datos, tmp_path / "s")[0] == 0
    md = leer_md(tmp_path / "s" / "informe-2024-05.md")
    assert "| 1 | 30 de abril de 2024 | Octava reunión 2024 |" in md and "30 de marzo" not in md
    notas = (tmp_path / "s" / "informe-2024-05.notas.md").read_text(encoding="utf-8")
    assert "## Correcciones a la fuente\n\n- Octava reunión 2024: la fuente la fecha el 2024-03-30; se usa el " \
           "2024-04-30. Fuera de orden en la fuente." in notas


def test_historico_desordenado_se_advierte_con_linea_y_columna(correr_json, tmp_path):
    federal = ("historico:\n  - fecha: 2024-04-23\n    nombre: \"Séptima\"\n"
               "  - fecha: 2024-03-30\n    nombre: \"Octava\"\n")
    datos = _carpeta(tmp_path, federal=federal)
    _, j = correr_json("validar", datos / "2024-05", "--datos", datos, "--formato", "json")
    assert [(p["linea"], p["columna"]) for p in j["problemas"] if p["codigo"] == "fecha-desordenada"] == [(4, 12)]


def _plantilla(correr, datos: Path, salida: Path, entidad: str = "Colima") -> str:
    codigo, _, error = correr("plantilla", "-p", "2024-05", "-e", entidad, "-d", datos, "-o", salida)
    assert codigo == 0, error
    return next(salida.glob("*.yaml")).read_text(encoding="utf-8")


def test_plantilla_sin_tocar_no_dice_que_la_jle_no_se_incorporo(correr, correr_json, tmp_path):
    datos = _carpeta(tmp_path, jle={})
    forma = _plantilla(correr, datos, tmp_path / "p")
    assert "\nmesa:" not in forma and "# mesa:" in forma  # sin respuesta, no hay «instalada: null» de fábrica
    # la JLE llena sus reuniones y deja la mesa como venía
    llena = forma.replace("acuerdos: []", "reuniones:\n  - fecha: 2024-05-02\n    modalidad: presencial\n"
                                          "    asistentes: 12\nacuerdos: []")
    escribir(datos / "2024-05" / "jle" / "col.yaml", llena)
    _, j = correr_json("validar", datos / "2024-05", "--datos", datos, "--formato", "json")
    assert j["errores"] == 0, j["problemas"]
    # sin respuesta y sin historia que la sepa instalada: se advierte, en la línea de las reuniones
    (aviso,) = [p for p in j["problemas"] if p["codigo"] == "mesa-sin-respuesta"]
    assert llena.splitlines()[aviso["linea"] - 2:aviso["linea"]] == ["reuniones:", "  - fecha: 2024-05-02"]
    assert _compilar(correr, datos, tmp_path / "s")[0] == 0
    md = leer_md(tmp_path / "s" / "informe-2024-05.md")
    assert "no se ha incorporado" not in md and "no se han incorporado" not in md
    assert "participó en **1** reunión" in md


def test_plantilla_recuerda_la_mesa_instalada_en_un_periodo_anterior(correr, correr_json, tmp_path):
    datos = _carpeta(tmp_path, jle={})
    escribir(datos / "2024-04" / "periodo.yaml", "numero: 5\ninicio: 2024-03-14\nfin: 2024-04-23\n")
    escribir(datos / "2024-04" / "jle" / "col.yaml", "entidad: Colima\nperiodo: 2024-04\nmesa:\n  instalada: 2024-01-15\n")
    forma = _plantilla(correr, datos, tmp_path / "p")
    assert "\nmesa:\n  instalada: 2024-01-15  # reportada en un informe anterior\n" in forma
    # con la mesa que la historia conoce, reuniones sin tocar la mesa no necesitan aviso
    sin_mesa = forma.replace("mesa:\n  instalada: 2024-01-15  # reportada en un informe anterior\n", "")
    escribir(datos / "2024-05" / "jle" / "col.yaml", sin_mesa.replace(
        "acuerdos: []", "reuniones:\n  - fecha: 2024-05-02\n    asistentes: 12\nacuerdos: []"))
    codigo, j = correr_json("validar", datos / "2024-05", "--datos", datos, "--formato", "json")
    assert codigo == 0 and not [p for p in j["problemas"] if p["codigo"] == "mesa-sin-respuesta"]


def test_jle_con_reuniones_y_sin_mesa_es_error(correr_json, tmp_path):
    datos = _carpeta(tmp_path, jle={"col": "entidad: Colima\nperiodo: 2024-05\nmesa:\n  instalada: null\n"
                                           "reuniones:\n  - fecha: 2024-05-02\n    asistentes: 12\n"})
    _, j = correr_json("validar", datos / "2024-05", "--datos", datos, "--formato", "json")
    (p,) = [p for p in j["problemas"] if p["codigo"] == "reuniones-sin-mesa"]
    assert (p["archivo"].endswith("col.yaml"), p["linea"], p["severidad"]) == (True, 4, "error")


def test_ejemplo_sin_cambiar_es_error(correr, correr_json, tmp_path):
    datos = _carpeta(tmp_path, jle={})
    forma = _plantilla(correr, datos, tmp_path / "p")
    # la plantilla sin tocar es válida: sus ejemplos van comentados
    escribir(datos / "2024-05" / "jle" / "col.yaml", forma)
    _, j = correr_json("validar", datos / "2024-05" / "jle" / "col.yaml", "--datos", datos, "--formato", "json")
    assert j["errores"] == 0, j["problemas"]
    # quitar los «#» de los ejemplos sin cambiarlos: no son datos
    lineas, en_ejemplo = [], False
    for linea in forma.splitlines():
        en_ejemplo = linea in ("# reuniones:", "# medidas:") or (en_ejemplo and linea.startswith("#   "))
        lineas.append(linea[2:] if en_ejemplo else linea)
    descomentada = "\n".join(lineas) + "\n"
    assert "\nreuniones:\n" in descomentada and "\nmedidas:\n" in descomentada
    escribir(datos / "2024-05" / "jle" / "col.yaml", descomentada)
    codigo, j = correr_json("validar", datos / "2024-05" / "jle" / "col.yaml", "--datos", datos, "--formato", "json")
    codigos = sorted(p["codigo"] for p in j["problemas"] if p["severidad"] == "error")
    assert codigo == 1 and codigos == ["asistentes-cero", "ejemplo-sin-cambiar", "ejemplo-sin-cambiar"]
    # la línea es la del elemento (tema o medida) que trae el texto de ejemplo
    lineas = descomentada.splitlines()
    elementos = [" ".join(lineas[p["linea"] - 1:p["linea"] + 1]) for p in j["problemas"]
                 if p["codigo"] == "ejemplo-sin-cambiar"]
    assert ["Tema tratado en la reunión." in elementos[0], "Medida adicional de seguridad." in elementos[1]] == [True, True]


def test_sin_federal_compilar_se_niega_y_estado_lo_muestra(correr, tmp_path):
    datos = _carpeta(tmp_path, federal=None)
    codigo, _, error = _compilar(correr, datos, tmp_path / "s", faltantes=False)
    plano = " ".join(error.split())
    assert codigo == 1 and "Falta la parte federal de la DEOE" in plano and "federal.yaml: no existe" in plano
    assert not (tmp_path / "s" / "informe-2024-05.md").exists()
    codigo, salida, _ = correr("estado", "-p", "2024-05", "-d", datos)
    # estado cuenta las 32 JLE y dice la parte federal en su propio renglón (issue 24)
    assert codigo == 1 and "Parte federal de la DEOE (federal.yaml): falta." in salida
    # con la escapatoria de siempre compila, sin los apartados que dependen de ella
    assert _compilar(correr, datos, tmp_path / "s")[0] == 0
    md = leer_md(tmp_path / "s" / "informe-2024-05.md")
    assert "a nivel federal" not in md and "Solicitudes de seguridad" not in md


def test_periodo_nuevo_escribe_el_esqueleto_federal_pendiente(correr, tmp_path):
    datos = _carpeta(tmp_path)
    codigo, salida, error = correr("periodo", "nuevo", "-d", datos)
    assert codigo == 0, error
    esqueleto = datos / "2024-06" / "federal.yaml"
    assert esqueleto.is_file() and "pendiente: true\n" in esqueleto.read_text(encoding="utf-8")
    assert "federal.yaml (parte federal de la DEOE, por llenar)" in " ".join(salida.split())
    codigo, salida, _ = correr("estado", "-p", "2024-06", "-d", datos)
    assert codigo == 1 and "Parte federal de la DEOE (federal.yaml): falta." in salida
    codigo, _, error = correr("compilar", "-p", "2024-06", "-d", datos, "-o", tmp_path / "s", "-f", "md")
    assert codigo == 1 and "sigue con «pendiente: true»" in " ".join(error.split())
    # llena, sin la marca: entregada
    escribir(esqueleto, "reuniones: []\n")
    codigo, salida, _ = correr("estado", "-p", "2024-06", "-d", datos)
    assert "Parte federal de la DEOE (federal.yaml): recibida." in salida


def test_sin_entregas_no_se_afirma_que_no_hubo_actualizacion(correr, tmp_path):
    """De los acuerdos anteriores solo se dice «no se recibió una actualización» si el periodo recibió las
    entregas de las JLE y ninguna los actualizó."""
    datos = _carpeta(tmp_path / "a")
    escribir(datos / "2024-04" / "periodo.yaml", "numero: 5\ninicio: 2024-03-14\nfin: 2024-04-23\n")
    escribir(datos / "2024-04" / "jle" / "gro.yaml", "entidad: Guerrero\nperiodo: 2024-04\nacuerdos:\n"
                                                     "  - descripcion: Previo.\n    estatus: En proceso\n")
    assert _compilar(correr, datos, tmp_path / "s")[0] == 0
    md = leer_md(tmp_path / "s" / "informe-2024-05.md")
    assert ("Del **1 acuerdo** reportado en los informes anteriores,\n"
            "en este periodo no se recibió una actualización de su estatus.") in md
    # el mismo periodo reconstruido de un informe publicado (origen: informe): nadie entregó nada
    escribir(datos / "2024-05" / "periodo.yaml", PERIODO + "origen: informe\n")
    assert _compilar(correr, datos, tmp_path / "s")[0] == 0
    md = leer_md(tmp_path / "s" / "informe-2024-05.md")
    assert "no se recibió una actualización" not in md
    assert "según su último reporte, del quinto informe (abril de 2024), 0 estaban en planeación, 1 en proceso" in md
