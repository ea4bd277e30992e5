"""El informe VMRE compilado contra el publicado (tests/fixtures/vmre_004.txt), tabla por tabla y celda
por celda, en Markdown, DOCX y PDF, para cada tabla cuyo texto conserva la semilla.

Las celdas se comparan normalizadas (minúsculas, solo letras y cifras; fechas como dd/mm/aaaa): la
extracción del PDF publicado parte palabras y pierde espacios, y eso no es una diferencia de datos. Las
correcciones deliberadas a la fuente están en CORRECCIONES (y en datos/vmre/CORRECCIONES.md).
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from pathlib import Path

import pytest

RAIZ = Path(__file__).resolve().parent.parent
DATOS = RAIZ / "datos" / "vmre"
SEMILLA = (RAIZ / "tests" / "fixtures" / "vmre_004.txt").read_text(encoding="utf-8").split("\n")
# erratas de la fuente que los datos corrigen (datos/vmre/CORRECCIONES.md)
CORRECCIONES = {"Ecós de México": "Ecos de México", "Diarío de México": "Diario de México",
                "Jorge Montaña": "Jorge Montaño", "Tlahuiltoltepec": "Tlahuitoltepec"}
_FECHA = re.compile(r"\A(\d{1,2})[./](\d{1,2})[./](\d{2}|\d{4})\Z")


def norma(texto: str) -> str:
    texto = re.sub(r"<[^>]+>", "", texto)
    m = _FECHA.match(texto.strip())
    if m:
        anio = m[3] if len(m[3]) == 4 else "20" + m[3]
        texto = f"{int(m[1]):02d}/{int(m[2]):02d}/{anio}"
    texto = unicodedata.normalize("NFC", texto).casefold()
    return "".join(c for c in texto if c.isalnum())


def _lineas(desde: int, hasta: int, continua: bool = True) -> list[list[str]]:
    """Las filas de la semilla entre dos líneas (1-based, inclusive), sin encabezados repetidos; una línea
    cuya primera celda está vacía continúa la fila anterior (la página la partió)."""
    filas: list[list[str]] = []
    for linea in SEMILLA[desde - 1:hasta]:
        for mal, bien in CORRECCIONES.items():
            linea = linea.replace(mal, bien)
        celdas = [c.strip() for c in linea.split("\t")]
        encabezado = all(c.isupper() and not any(d.isdigit() for d in c) for c in celdas if c)
        if len(celdas) < 2 or (encabezado and celdas[0] != "TOTAL") or not any(norma(c) for c in celdas):
            continue  # texto corrido, encabezado repetido por el salto de página o una raya de relleno
        if continua and filas and (not celdas[0] or not any(celdas[1:])):
            filas[-1] = [f"{a} {b}".strip() for a, b in zip(filas[-1], celdas + [""] * len(filas[-1]))]
            continue
        filas.append(celdas)
    return filas


def _tablas_md(md: str) -> dict[str, list[list[str]]]:
    """Las tablas de cuadrícula del Markdown, por su leyenda: filas de celdas normalizadas (un vínculo de
    referencia, «[sitio][ref]», vale por la dirección que su definición da después de la tabla)."""
    destinos = dict(re.findall(r"^\[([^\]]+)\]: <([^>]+)>$", md, flags=re.M))
    md = re.sub(r"\[[^\]]*\]\[([^\]]+)\]", lambda m: destinos.get(m[1], m[0]), md)
    tablas: dict[str, list[list[str]]] = {}
    lineas = md.split("\n")
    i = 0
    while i < len(lineas):
        if not lineas[i].startswith("+-"):
            i += 1
            continue
        filas, actual = [], None
        while i < len(lineas) and lineas[i][:1] in "+|":
            if lineas[i].startswith("+"):
                if actual is not None:
                    filas.append([norma(" ".join(c)) for c in actual])
                actual = None
            else:
                partes = re.split(r"(?<!\\)\|", lineas[i])[1:-1]
                actual = actual or [[] for _ in partes]
                for k, p in enumerate(partes):
                    actual[k].append(p.replace("\\", ""))
            i += 1
        while i < len(lineas) and not lineas[i].strip():
            i += 1
        leyenda = lineas[i][2:] if i < len(lineas) and lineas[i].startswith(": ") else ""
        tablas[re.sub(r"\ATabla \d+\. ", "", leyenda)] = filas
    return tablas


@pytest.fixture(scope="module")
def compilado(tmp_path_factory):
    from pypdf import PdfReader

    from informe.compilar import compilar

    salida = tmp_path_factory.mktemp("vmre")
    compilar(DATOS, "2023-12", salida)
    md = (salida / "informe-2023-12.md").read_text(encoding="utf-8")
    with zipfile.ZipFile(salida / "informe-2023-12.docx") as z:  # el texto y los destinos de sus vínculos
        docx = re.sub(r"<[^>]+>", "", z.read("word/document.xml").decode("utf-8"))
        docx += " ".join(re.findall(r'Target="(https://[^"]+)"', z.read("word/_rels/document.xml.rels").decode("utf-8")))
    lector = PdfReader(str(salida / "informe-2023-12.pdf"))
    paginas = [p.extract_text() for p in lector.pages]
    paginas += [str(a.get_object()["/A"]["/URI"]) for p in lector.pages for a in p.get("/Annots") or []
                if "/URI" in a.get_object().get("/A", {})]
    pdf = " ".join(re.sub(r"Informe de avances del VMRE · diciembre 2023|Página \d+ de \d+", "", p) for p in paginas)
    return {"md": _tablas_md(md), "docx": norma(docx), "pdf": norma(pdf), "texto": md,
            "palabras_pdf": [norma(w) for w in pdf.split()]}


def _en_pdf(compilado: dict, celda: str) -> bool:
    """La celda en el texto del PDF: seguida o, si su fila se partió entre dos páginas (el encabezado
    repetido y las celdas vecinas se intercalan), con sus palabras en orden."""
    if norma(celda) in compilado["pdf"]:
        return True
    palabras = iter(compilado["palabras_pdf"])
    return all(any(norma(w) == p for p in palabras) for w in celda.split() if norma(w))


def _en(tabla: list[list[str]], esperada: list[str]) -> bool:
    """Alguna fila de la tabla contiene las celdas esperadas, en ese orden."""
    for fila in tabla:
        k = 0
        for celda in fila:
            if k < len(esperada) and celda == esperada[k]:
                k += 1
        if k == len(esperada):
            return True
    return False


def _fecha_larga(texto: str) -> str:
    from datetime import date

    from informe.renderizar import fecha_larga

    dia, mes, anio = (int(x) for x in texto.split("."))
    return fecha_larga(date(anio, mes, dia))


def _oficio(texto: str) -> str:
    return re.search(r"oficio (?:número )?([A-Z0-9][^\s,]*)", texto)[1]


def _fechas_arrastradas(filas: list[list[str]]) -> list[list[str]]:
    """La fecha de una celda combinada solo aparece en la primera fila de su bloque."""
    fecha = ""
    for f in filas:
        fecha = f[0] or fecha
        f[0] = fecha
    return filas


# leyenda de la tabla compilada → filas esperadas, de la semilla (líneas del texto extraído)
def _esperadas() -> dict[str, list[list[str]]]:
    from informe.entidades import buscar

    entidad = lambda t: buscar(t).corto  # noqa: E731  («México» se escribe «Estado de México»)
    return {
        "Siglas": [f[:2] for f in _lineas(32, 76) if f[0] != "Contenido"],
        # la sesión y su fecha van en una celda («Reunión INE-OPL Puebla 03.11.2023»); los asuntos se redactan
        "Actividades de coordinación del periodo":
            [[_fecha_larga(f[0].split()[-1]), " ".join(f[0].split()[:-1])] for f in _lineas(140, 142)],
        "Sobres-Voto remitidos por los OPL a la DERFE para su validación":
            [[f[0], entidad(f[1]), _oficio(f[2])] for f in _lineas(170, 183)],
        "Sobres-Voto de las elecciones locales validados por la DERFE y la DEOE":
            [[f[0], entidad(f[1]), f[2]] for f in _fechas_arrastradas(_lineas(187, 195, continua=False))],
        "Glosario de la promoción del VMRE": [f[:2] for f in _lineas(201, 210)],
        "Spots de radio y televisión en difusión": [f[:6] for f in _lineas(226, 227)] + [["Total", "41,453"]],
        "Spots cuya difusión inició en el periodo, sin impactos reportados aún": [f[:5] for f in _lineas(233, 233)],
        "Pauta orgánica, concluida y en proceso": [f[:5] for f in _lineas(249, 253)] + [["Total", "36,949"]],
        "Pauta pagada, concluida y en proceso": [f[:5] for f in _lineas(259, 290)],
        "Contenidos audiovisuales para plataformas digitales": [f[:4] for f in _lineas(355, 363)],
        "Material animado": [f[:2] for f in _lineas(368, 368)],
        "Entrevistas en medios": [[*f[:4], "No disponible" if f[4] == "(No disponible)" else f[4]]
                                  for f in _lineas(420, 427)],
        "Boletines de prensa": [f[:5] for f in _lineas(438, 443)],
        "Pauta digital en medios": [f[:7] for f in _lineas(457, 460)],
        "Vinculación institucional": [f[:1] for f in _lineas(483, 500)],
        "Vinculación con la comunidad": [f[:1] for f in _lineas(504, 517)],
        "Consultas atendidas por INETEL": [[c for c in f[:5] if c] for f in _lineas(770, 776)],
        "Operativo de llamadas de salida para el registro": [f[:2] for f in _lineas(785, 796)],
        "Operativo de llamadas de salida de subsane": [f[:2] for f in _lineas(802, 808)],
        # la semilla los lista en viñetas bajo cada acuerdo; el informe los agrupa en una celda por acuerdo
        "Materiales de capacitación electoral del VMRE aprobados por la CCOE": [
            [re.search(r"INE/CCOE/\d+/2023", SEMILLA[n - 1])[0], fecha,
             " ".join(l[2:].rstrip(".") for l in SEMILLA[desde - 1:hasta])]
            for n, fecha, desde, hasta in ((909, "10/11/2023", 911, 916), (918, "24/11/2023", 920, 922))],
        "Calendario de la Licitación Pública Internacional LP-INE-057-2023": [
            ["Junta de aclaraciones", "06/12/2023", "17:00"],
            ["Presentación y apertura de proposiciones", "13/12/2023", "09:30"], ["Fallo", "20/12/2023"]],
    }


def test_el_calendario_del_sivei_es_el_de_la_semilla():
    """El calendario se publicó como formulario (DÍA / MES / AÑO / HORA): sus cifras son las de la tabla."""
    formulario = [l.split("\t") for l in SEMILLA[857:864] if l.startswith("DÍA")]
    assert [(f[1], f[5], f[7]) for f in formulario[:2]] == [("6", "2023", "17:00"), ("13", "2023", "09:30")]
    assert SEMILLA[863].split("\t")[:4] == ["DÍA:", "20", "diciembre", ""]


@pytest.mark.parametrize("leyenda", list(_esperadas()))
def test_cada_tabla_de_la_semilla_celda_por_celda(compilado, leyenda):
    filas = _esperadas()[leyenda]
    assert filas, leyenda
    tabla = compilado["md"].get(leyenda)
    if leyenda.startswith("Operativo"):  # la leyenda es el nombre de la campaña en los datos
        tabla = next(v for k, v in compilado["md"].items() if k.startswith(leyenda.split(" de llamadas")[0]) and
                     ("subsane" in k) == ("subsane" in leyenda))
    assert tabla is not None, leyenda
    for fila in filas:
        esperada = [norma(c) for c in fila if c]
        assert _en(tabla, esperada), (leyenda, fila)
        for celda in fila:
            assert norma(celda) in compilado["docx"], (leyenda, celda, "docx")
            assert _en_pdf(compilado, celda), (leyenda, celda, "pdf")


def test_la_tabla_por_pais_celda_por_celda(compilado):
    """Los 36 países cuyo desglose por entidad se conservó: sus 33 cifras, repartidas en los tres bloques
    de columnas; los demás, con su total en la tabla de países sin desglose."""
    paneles = [v for k, v in compilado["md"].items() if k.startswith("Solicitudes de Inscripción recibidas por país")]
    resto = next(v for k, v in compilado["md"].items() if k.startswith("Solicitudes de Inscripción recibidas de los países"))
    assert len(paneles) == 3
    completos = 0
    from informe.vmre.paises import buscar

    for f in _lineas(607, 698):
        pais = norma(buscar(f[0]))
        cifras = [c for c in f[1:] if c]
        if len(cifras) == 33 and sum(int(c.replace(",", "")) for c in cifras[1:]) == int(cifras[0].replace(",", "")):
            completos += 1
            filas = [next(r for r in p if r[0] == pais) for p in paneles]
            assert [filas[0][1], *(c for r in filas for c in r[2:])] == [norma(c) for c in cifras], f[0]
        else:
            assert any(r[k:k + 2] == [pais, norma(cifras[0])] for r in resto for k in (0, 2, 4)), f[0]
        assert pais in compilado["docx"] and norma(cifras[0]) in compilado["pdf"]
    assert completos == 36


# cifras que el informe publicado da en su texto: (como las escribe la fuente, como las escribe el compilado)
CIFRAS = [
    ("Diciembre de 2023", "Diciembre de 2023"), ("informes mensuales y trimestrales", "informes mensuales y trimestrales"),
    ("16 reuniones de trabajo", "16 reuniones de trabajo"), ("conformada por 101 países", "provienen de 101 países"),
    ("TOTAL DE IMPACTOS\t41,453", "sumaron 41,453 impactos"), ("se realizaron 19 stickers", "19 stickers"),
    ("más de 7 mil visitas", "más de 7 mil"), ("se entregaron 47 mil materiales", "47 mil volantes"),
    ("avance del 52.4 %", "avance del 52.4 %"), ("5 mil materiales informativos", "5 mil materiales"),
    ("23 sedes consulares", "23 sedes consulares"), ("**6 contenidos audiovisuales**", "6 contenidos audiovisuales"),
    ("**19,472 reproducciones**", "19,472 reproducciones"), ("**9 materiales gráficos**", "9 materiales gráficos"),
    ("**6,917 impresiones**", "6,917"), ("**1,020 \"Me gusta\"**", "1,020"), ("**686 republicaciones**", "686"),
    ("**101 comentarios/respuestas**", "101"), ("**410,982 impresiones**", "410,982"), ("**1,850 \"Me gusta\"**", "1,850"),
    ("**877 veces**", "877"), ("**142 comentarios**", "142"), ("**33,483 impresiones**", "33,483"),
    ("**736 “Me gusta”**", "736"), ("**45 comentarios**", "45"), ("**6 entrevistas**", "hubo 6 entrevistas"),
    ("**6 boletines de prensa**", "6\nboletines"), ("**4 inserciones**", "4 inserciones"),
    ("**475 publicaciones o menciones**", "475 publicaciones o menciones"), ("1,776 personas becarias", "1,776"),
    ("26 oficinas de atención a migrantes", "26 oficinas"), ("13 sedes de la UNAM", "13 sedes de la UNAM"),
    ("**más de 1,600 organizaciones migrantes**", "más de 1,600 organizaciones"),
    ("alcance total de 13,585 personas", "13,585 personas"), ("243 reacciones", "243 reacciones"),
    ("131 ocasiones", "131 veces"), ("16 comentarios", "16 comentarios"), ("1,755 *reposts*", "1,755"),
    ("1,839 me gusta", "1,839"), ("138 comentarios", "138 comentarios"), ("**27,031,514 impresiones**", "27,031,514"),
    ("**un correo electrónico a 35,695 personas**", "35,695 personas"), ("**51,185** Solicitudes", "**51,185 Solicitudes"),
    ("18 solicitudes se encuentran en las etapas iniciales", "18 solicitudes se encuentran en las etapas iniciales"),
    ("**51,167 Solicitudes de Inscripción**", "**51,167**"), ("**43,444 cumplen con los requisitos**", "**43,444** cumplen"),
    ("464 se enviaron a subsane", "464 se enviaron a subsane"), ("7,259 se encuentran en procesamiento", "7,259 se encuentran"),
    ("**2,881 consultas**", "**2,881 consultas**"), ("**176,430 llamadas automatizadas", "**176,430 llamadas automatizadas**"),
    ("**27,880** llamadas concretadas", "**27,880**"), ("**109,272 intentos de llamadas**", "**109,272 intentos de llamada**"),
    ("**62,910 llamadas**", "62,910 tuvieron"), ("16 empresas y 11 instituciones académicas", "16 empresas y 11 instituciones"),
    ("versión 8.5 del SRVE", "versión 8.5 del SRVE"), ("versión 8.6 del SRVE", "versión 8.6 del SRVE"),
    ("Licitación Pública Nacional Presencial número LP-INE-049/2023", "LP-INE-049/2023"),
    ("licitante Redpack, S.A. de C.V.", "Redpack, S.A. de C.V."), ("LP-INE-057-2023", "LP-INE-057-2023"),
    ("INE-COMTIC-11-2023", "INE-COMTIC-11-2023"), ("Acuerdo INE/CCOE/010/2023", "INE/CCOE/010/2023"),
    ("Acuerdo INE/CCOE/013/2023", "INE/CCOE/013/2023"), ("Acuerdo INE/CG532/2023", "INE/CG532/2023"),
    ("INE/CVMRE01/01SO/2023", "INE/CVMRE01/01SO/2023"), ("INE/CG621/2023", "INE/CG621/2023"),
    # fechas y referencias del texto
    ("el 8 de septiembre de 2023 el CG aprobó", "el 8 de septiembre de 2023"),
    ("El 18 de septiembre de 2023 la CVMRE aprobó", "el 18 de septiembre de 2023"),
    ("aprobado por el CG el 20 de septiembre de 2023", "el 20 de septiembre de 2023"),
    ("Segunda Sesión Extraordinaria de 2023, celebrada el 17 de noviembre", "Segunda Sesión Extraordinaria de 2023 de la CVMRE, celebrada el 17 de\nnoviembre"),
    ("recibido por el CG el 22 de noviembre de 2023", "el CG recibió el 22 de noviembre de 2023"),
    ("IEEM/SE/7561/2023", "IEEM/SE/7561/2023"), ("JDCL/83/2023", "JDCL/83/2023"),
    ("El 8 de noviembre se llevó a cabo Reunión de Trabajo de la CVMRE", "el 8 de noviembre, en una Reunión de Trabajo de la CVMRE"),
    ("cortes al 31 de octubre y 15 de noviembre de 2023", "con cortes al 31 de octubre y al 15 de noviembre de 2023"),
    ("Acuerdo INE/CNV21/JUL/2021", "INE/CNV21/JUL/2021"), ("19ª y 20ª sesiones ordinarias celebradas el 15 y 29 de noviembre de 2023",
                                                          "sesiones ordinarias 19ª y 20ª,\ndel 15 y el 29 de noviembre de 2023"),
    ("artículo 109 del Reglamento de Elecciones", "artículo 109 del Reglamento de Elecciones"),
    ("cortes del 30 de octubre y 15 de noviembre de 2023", "cortes al 30 de octubre y al 15 de noviembre de 2023"),
    ("apartado 3.3.2.5.", "apartado 3.3.2.5"), ("realizada el 17 de noviembre de 2023", "del 17 de noviembre de\n2023"),
    ("el 11 de noviembre inició el **Servicio de Asistente Virtual (Chatbot)**", "el 11 de noviembre empezó a operar el Servicio de Asistente Virtual"),
    ("numeral 9.2", "numeral 9.2"), ("al 24 de noviembre se reporta un avance del 52.4 %", "al 24 de noviembre tenía un\navance del 52.4 %"),
    ("10 municipios de las 16 entidades", "10 municipios de las 16 entidades"),
    ("El sábado 2 de diciembre, el programa iniciará a partir de las 11:30 horas", "el sábado 2 de diciembre desde las\n11:30 horas"),
    ("el domingo 3 de diciembre comenzará a las 16:30 horas", "el domingo 3 de diciembre desde las 16:30 horas"),
    ("jornada electoral del próximo 2 de junio", "jornada electoral del 2 de junio"),
    ("inició el 1º de septiembre de 2023 y se extenderá hasta el 20 de febrero de 2024", "empezó el 1 de\nseptiembre de 2023 y termina el 20 de febrero de 2024"),
    ("El 13 de noviembre se instaló en Producción, la versión 8.5", "el 13 de noviembre se instaló en Producción la versión 8.5"),
    ("El 22 de noviembre se instaló en Producción, la versión 8.6", "el 22 de noviembre se instaló en Producción la versión 8.6"),
    ("con corte al periodo del 1º al 29 de noviembre", "del 1 al\n29 de noviembre"),
    ("numeral 10 de los LOVP", "numeral 10 de los LOVP"), ("artículo 346, numeral 1, inciso a) de la LGIPE", "artículo 346, numeral 1, inciso a) de la LGIPE"),
    ("el 7 de noviembre se publicó la convocatoria", "7 de noviembre de 2023"), ("Acto de Junta de Aclaraciones el 16 de noviembre", "16 de noviembre de 2023"),
    ("vigencia del contrato a partir del 1º de enero de 2024 al 30 de noviembre de 2024", "del 1 de enero al 30 de noviembre de 2024"),
    ("INE/UTSI/3361/2023 con fecha del 26 de octubre de 2023", "INE/UTSI/3361/2023, del 26 de octubre de 2023"),
    ("Cuadragésima Primera Sesión Ordinaria 2023", "Cuadragésima Primera Sesión Ordinaria"),
    ("el 17 de noviembre se reanudó la sesión", "el 17 de\nnoviembre"), ("el 30 de noviembre se llevó a cabo la Novena Sesión Extraordinaria del COMTIC", "Novena Sesión\nExtraordinaria del COMTIC, el 30 de noviembre"),
    ("El 9 de noviembre se convocó, de manera virtual", "El 9 de noviembre, en una reunión virtual"),
    ("INE/UTSI/3654/2023", "INE/UTSI/3654/2023"), ("INE/UTSI/3938/2023", "INE/UTSI/3938/2023"),
    ("En fecha 23 de noviembre se llevó a cabo reunión entre los jurídicos del INE y de la SRE", "el 23 de noviembre, las áreas jurídicas del INE y de la SRE"),
    ("El 24 de noviembre se celebró reunión entre el INE y la SRE", "el 24 de noviembre, el INE y la SRE se reunieron"),
    ("El 10 de noviembre del presente, mediante Acuerdo INE/CCOE/010/2023", "el 10 de noviembre, mediante el Acuerdo INE/CCOE/010/2023"),
    ("Mediante Acuerdo INE/CCOE/013/2023, el 24 de noviembre", "el 24 de noviembre, mediante el Acuerdo\nINE/CCOE/013/2023"),
]


def test_las_cifras_del_texto_publicado(compilado):
    semilla = "\n".join(SEMILLA)
    md = " ".join(compilado["texto"].split())
    for fuente, compilada in CIFRAS:
        assert fuente in semilla, fuente
        # en el texto, o en una celda de tabla (donde la cuadrícula parte las líneas)
        assert " ".join(compilada.split()) in md or norma(compilada) in compilado["docx"], compilada
