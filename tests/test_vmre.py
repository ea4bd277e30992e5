"""La familia VMRE: importación del informe publicado, reglas estadísticas, informe y diff entre cortes."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pytest

from informe.validar import validar

from conftest import leer_md

RAIZ = Path(__file__).resolve().parent.parent
DATOS = RAIZ / "datos" / "vmre"
EJEMPLO = RAIZ / "ejemplos" / "vmre"
SEMILLA = RAIZ / "tests" / "fixtures" / "vmre_004.txt"


def _filas_de_la_semilla(encabezado_previo: str) -> list[list[str]]:
    """Las filas por entidad de la semilla, tal como se publicaron (para comparar con lo compilado)."""
    from informe.entidades import buscar

    lineas = SEMILLA.read_text(encoding="utf-8").split("\n")
    corte = next(i for i, l in enumerate(lineas) if l.startswith(encabezado_previo)) if encabezado_previo else 0
    inicio = next(i for i, l in enumerate(lineas) if i > corte and l.startswith("ENTIDAD\tTOTAL"))
    filas = []
    for linea in lineas[inicio:]:
        celdas = linea.split("\t")
        if celdas[0] == "TOTAL":
            filas.append(celdas[:11])
            break
        if buscar(celdas[0]):
            filas.append(celdas[:12])
    return filas


def test_la_importacion_reproduce_los_datos_enviados(tmp_path):
    from informe.vmre.semilla import csv_de, importar

    tablas, avisos = importar(SEMILLA.read_text(encoding="utf-8"))
    for tipo, archivo in (("recibidas", "solicitudes_recibidas.csv"), ("paises", "solicitudes_por_pais.csv")):
        assert csv_de(tipo, tablas[tipo]) == (DATOS / "2023-12" / archivo).read_text(encoding="utf-8")
    por_pais = [a for a in avisos if a.tabla == "paises"]
    assert [a.fila for a in por_pais][:3] == ["Polonia", "Israel", "Ecuador"] and len(por_pais) == 53
    assert all(a.linea >= 640 for a in por_pais)
    fila = next(f for f in tablas["paises"] if f[0] == "Ecuador")
    assert fila[1] == 43 and fila[2:] == [None] * 32  # se conserva el TOTAL; el desglose corrido no se inventa


def test_informe_importar_en_una_carpeta_vmre(correr, tmp_path, monkeypatch):
    """`informe importar` reconoce la familia de la carpeta: escribe las mismas tablas que se enviaron, no
    toca una tabla editada sin --reemplazar y, con él, deja el respaldo."""
    monkeypatch.setenv("COLUMNS", "80")
    datos = tmp_path / "vmre"
    datos.mkdir()
    shutil.copy(DATOS / "proceso.yaml", datos)
    codigo, salida, _ = correr("importar", SEMILLA, "-p", "2023-12", "-d", datos)
    assert codigo == 0 and salida.count("guardado") == 5 and "54 filas con aviso" in salida
    assert "vmre_004.txt:642: paises, Ecuador" in salida
    from informe.vmre.esquemas import ESTADISTICAS, POR_TIPO

    for tipo in ESTADISTICAS:  # el importador lee las tablas estadísticas; las demás se transcribieron
        archivo = DATOS / "2023-12" / POR_TIPO[tipo].esquema.archivo
        assert (datos / "2023-12" / archivo.name).read_bytes() == archivo.read_bytes()
    assert correr("importar", SEMILLA, "-p", "2023-12", "-d", datos)[1].count("sin cambios") == 5
    pais = datos / "2023-12" / "solicitudes_por_pais.csv"
    editado = pais.read_text(encoding="utf-8").replace("Ecuador,43,", "Ecuador,44,")
    pais.write_text(editado, encoding="utf-8")
    codigo, salida, _ = correr("importar", SEMILLA, "-p", "2023-12", "-d", datos)
    assert codigo == 1 and "1 archivo ya existe con otro contenido y no se tocó" in " ".join(salida.split())
    assert pais.read_text(encoding="utf-8") == editado
    codigo, salida, _ = correr("importar", SEMILLA, "-p", "2023-12", "-d", datos, "--reemplazar")
    assert codigo == 0 and "sustituido" in salida
    assert (datos / "2023-12" / "solicitudes_por_pais.csv.anterior-1").read_text(encoding="utf-8") == editado
    otro = tmp_path / "otro.txt"
    otro.write_bytes(b"\xff\xfe nada")
    codigo, _, error = correr("importar", otro, "-p", "2023-12", "-d", datos)
    assert codigo == 1 and "no es texto UTF-8" in error


def test_los_datos_reales_validan_y_muestran_sus_discrepancias_registradas():
    """Sin errores; las dos cifras del texto publicado que no cuadran con sus tablas (101 países, 19,472
    reproducciones) se muestran como advertencia, con su explicación registrada en corte.yaml."""
    from informe.vmre.esquemas import TABLAS

    r = validar([DATOS])
    assert r.errores == 0 and len(r.archivos) == len(TABLAS) + 2  # las tablas, corte.yaml y proceso.yaml
    avisos = [(p.codigo, p.archivo.split("/")[-1], p.linea) for p in r.problemas]
    assert avisos == [("vmre-publicado-difiere", "corte.yaml", 12), ("vmre-publicado-difiere", "corte.yaml", 13)]
    assert r.problemas[0].mensaje == "Países: el texto publicado dice 101 y solicitudes_por_pais.csv da 89."
    assert "12 países con una solicitud cada uno" in r.problemas[0].sugerencia


def test_el_informe_tiene_las_filas_publicadas_en_cada_formato(tmp_path):
    from pypdf import PdfReader

    from informe.compilar import compilar

    resultado = compilar(DATOS, "2023-12", tmp_path)
    assert [p.suffix for p in resultado.escritos] == [".md", ".docx", ".pdf"]
    md = leer_md(tmp_path / "informe-2023-12.md")
    with zipfile.ZipFile(tmp_path / "informe-2023-12.docx") as z:
        docx = z.read("word/document.xml").decode("utf-8")
    pdf = " ".join(p.extract_text() for p in PdfReader(str(tmp_path / "informe-2023-12.pdf")).pages)
    for previo in ("", "4.1.2."):  # recibidas y las que cumplen requisitos
        for fila in _filas_de_la_semilla(previo):
            cifras = [c for c in fila[1:] if c]
            from informe.entidades import buscar

            nombre = buscar(fila[0]).corto if fila[0] != "TOTAL" else "TOTAL"  # «México» → «Estado de México»
            seccion = md[:md.index("### 4.1.2.")] if not previo else md[md.index("### 4.1.2."):]
            renglon = next((l for l in seccion.split("\n") if l.startswith("| " + nombre.split()[0])
                            and l.split("|")[2].strip() == cifras[0]), None) if fila[0] != "TOTAL" else None
            assert fila[0] == "TOTAL" or renglon is not None, fila[0]
            for cifra in cifras:
                assert cifra in docx and cifra in pdf.replace("\n", " ")
                if renglon is not None:
                    assert cifra in renglon.replace("\\", ""), (fila[0], cifra)  # el Markdown escapa «43\\.77»
    assert "Con corte al 30 de noviembre de 2023, se han recibido **51,185 Solicitudes de Inscripción**" in md
    assert "**43,444** cumplen los requisitos" in md and "**51,167**" in md
    assert "EUA concentra el 70.1%" in md
    leyendas = re.findall(r"^: (Tabla \d+)\. (.+)$", md, flags=re.M)
    assert len({t for _, t in leyendas}) == len(leyendas) == 29  # ninguna tabla repite el título de otra
    assert "Diciembre de 2023" in md.split("---")[1] and "informes mensuales y trimestrales" in md
    assert "+--" not in docx and "+--" not in pdf and "{##" not in md  # cada tabla se leyó como tabla
    for interno in ("corte.yaml", ".csv", "informe compilar", "vmre-", "publicado:", "discrepancias", "TOTAL,",
                    "EDAD_PROMEDIO", "ELECTRONICA", "en_procesamiento", "r.cifras", "{{", "ranura"):
        assert interno not in md and interno not in docx  # nada de la herramienta en el informe


def _copia(tmp_path) -> Path:
    destino = tmp_path / "vmre"
    shutil.copytree(DATOS, destino)
    return destino


def _cambiar(ruta: Path, fila: str, columna: int, valor: str) -> int:
    lineas = ruta.read_text(encoding="utf-8").split("\n")
    n = next(i for i, l in enumerate(lineas) if l.startswith(fila + ","))
    celdas = lineas[n].split(",")
    celdas[columna] = valor
    lineas[n] = ",".join(celdas)
    ruta.write_text("\n".join(lineas), encoding="utf-8")
    return n + 1


def _problemas(carpeta: Path, codigo: str):
    return [p for p in validar([carpeta]).problemas if p.codigo == codigo]


@pytest.mark.parametrize("archivo, fila, columna, valor, codigo, esperado", [
    # la fila TOTAL deja de ser la suma: se reporta en la fila TOTAL, columna TOTAL
    ("solicitudes_recibidas.csv", "TOTAL", 1, "51186", "vmre-total-columna", "TOTAL"),
    # un desglose (sexo) deja de sumar el TOTAL de su fila
    ("solicitudes_recibidas.csv", "Colima", 9, "153", "vmre-desglose", "Colima"),
    # más solicitudes que cumplen requisitos que recibidas, en una celda
    ("solicitudes_procedentes.csv", "Colima", 7, "120", "vmre-excede-recibidas", "Colima"),
    # un país completo cuyas celdas no suman su TOTAL
    ("solicitudes_por_pais.csv", "Canadá", 1, "3928", "vmre-pais-suma", "Canadá"),
    # una columna de entidad en la tabla por país supera el total de la entidad
    ("solicitudes_por_pais.csv", "EUA", 4, "1055", "vmre-pais-columna", "BCS"),
    ("solicitudes_recibidas.csv", "Colima", 0, "Colimma", "vmre-entidad-desconocida", "Colima"),
    ("solicitudes_por_pais.csv", "Canadá", 0, "Canadda", "vmre-pais-desconocido", "Canadá"),
    ("solicitudes_recibidas.csv", "Colima", 2, "8a", "tabla-tipo", "8a"),
    # un servicio de INETEL cuyas regiones no suman su total (se señala la celda TOTAL de la fila)
    ("consultas_inetel.csv", "Subsane", 3, "4", "vmre-desglose", "Subsane"),
    # la fila TOTAL de los spots ya no es la suma de sus impactos
    ("spots.csv", "TOTAL", 5, "41454", "vmre-total-columna", "IMPACTOS"),
    ("pauta_organica.csv", "TOTAL", 4, "36950", "vmre-total-columna", "IMPRESIONES"),
    # una fecha que no existe, en una tabla de actividades
    ("boletines.csv", "3", 2, "2023-11-31", "tabla-tipo", "2023-11-31"),
    # un Sobre-Voto validado antes de que su OPL lo remitiera
    ("sobres_validados.csv", "2023-11-23", 0, "2023-11-10", "vmre-identidad", "Jalisco"),
    # un Sobre-Voto validado de una entidad cuyo OPL no lo remitió
    ("sobres_validados.csv", "2023-12-01", 1, "Sonora", "vmre-identidad", "Sonora"),
])
def test_cada_regla_estadistica_con_su_ubicacion(tmp_path, archivo, fila, columna, valor, codigo, esperado):
    carpeta = _copia(tmp_path)
    ruta = carpeta / "2023-12" / archivo
    assert not _problemas(carpeta, codigo)
    linea = _cambiar(ruta, fila, columna, valor)
    hallados = _problemas(carpeta, codigo)
    assert hallados, codigo
    p = hallados[0]
    assert p.archivo.endswith(archivo) and esperado in p.mensaje + (p.sugerencia or "")
    if codigo == "vmre-pais-columna":
        encabezado = ruta.read_text(encoding="utf-8").split("\n")[0]
        assert p.linea == 1 and p.columna == encabezado.index(",BCS,") + 2  # la celda BCS del encabezado
    elif codigo == "vmre-desglose" and archivo == "consultas_inetel.csv":
        assert p.linea == linea and p.columna == len("Subsane,28,,4,") + 1 and "suman 32" in p.mensaje
    elif codigo == "vmre-desglose":
        assert p.linea == linea and "sexo" in p.mensaje
    else:
        assert p.linea == linea
    inicio = sum(len(c) + 1 for c in ruta.read_text(encoding="utf-8").split("\n")[linea - 1].split(",")[:columna]) + 1
    if codigo in ("tabla-tipo", "vmre-excede-recibidas", "vmre-total-columna", "vmre-identidad"):
        assert p.columna == inicio  # la celda alterada (o, en la identidad de los Sobres-Voto, la de la entidad)


def test_sugiere_el_nombre_parecido(tmp_path):
    carpeta = _copia(tmp_path)
    _cambiar(carpeta / "2023-12" / "solicitudes_por_pais.csv", "Canadá", 0, "Canadda")
    p = _problemas(carpeta, "vmre-pais-desconocido")[0]
    assert p.sugerencia == "¿Quiso decir «Canadá»?"


def test_una_cifra_acumulada_que_baja_es_advertencia(tmp_path):
    carpeta = tmp_path / "vmre"
    shutil.copytree(EJEMPLO, carpeta)
    assert not [p for p in validar([carpeta]).problemas if p.codigo == "vmre-decrece"]
    linea = _cambiar(carpeta / "2024-01" / "solicitudes_recibidas.csv", "Colima", 1, "200")
    problemas = validar([carpeta / "2024-01"]).problemas
    bajas = [p for p in problemas if p.codigo == "vmre-decrece"]
    assert bajas and bajas[0].linea == linea and bajas[0].severidad == "advertencia" and bajas[0].columna == 8
    assert "Colima, TOTAL: 200, menos que 288 en el corte anterior" in bajas[0].mensaje


@pytest.mark.parametrize("archivo, fila, columna, valor, donde", [
    ("solicitudes_procedentes.csv", "Colima", 10, "100", "Colima, MUJERES"),  # un desglose acumulado baja
    ("solicitudes_por_pais.csv", "Canadá", 1, "3900", "Canadá, TOTAL"),
    ("spots.csv", "C1_SA_REGISTRO EN LA LNE-Extranjero VMRE RE_0923_TV", 5, "18000", "RV00661-23, IMPACTOS"),
])
def test_cada_cifra_acumulada_que_baja_se_senala_en_su_celda(tmp_path, archivo, fila, columna, valor, donde):
    carpeta = tmp_path / "vmre"
    shutil.copytree(EJEMPLO, carpeta)
    ruta = carpeta / "2024-01" / archivo
    linea = _cambiar(ruta, fila, columna, valor)
    if archivo == "solicitudes_por_pais.csv":  # el país baja sin romper sus sumas: se quita de su desglose
        _cambiar(ruta, fila, 8, str(int(ruta.read_text(encoding="utf-8").split("\n")[linea - 1].split(",")[8]) - 30))
    bajas = [p for p in validar([carpeta / "2024-01"]).problemas if p.codigo == "vmre-decrece"]
    assert [(p.linea, p.mensaje.split(":")[0]) for p in bajas] == [(linea, donde)]
    celdas = ruta.read_text(encoding="utf-8").split("\n")[linea - 1].split(",")
    assert bajas[0].columna == sum(len(c) + 1 for c in celdas[:columna]) + 1


def _cambiar_yaml(ruta: Path, clave: str, valor: str) -> int:
    lineas = ruta.read_text(encoding="utf-8").split("\n")
    n = next(i for i, l in enumerate(lineas) if l.strip().startswith(clave + ":"))
    lineas[n] = lineas[n].split(":")[0] + ": " + valor
    ruta.write_text("\n".join(lineas), encoding="utf-8")
    return n + 1


def test_identidad_recibidas_igual_a_analisis_mas_clarificacion(tmp_path):
    carpeta = _copia(tmp_path)
    _cambiar_yaml(carpeta / "2023-12" / "corte.yaml", "clarificacion", "19")
    hallados = _problemas(carpeta, "vmre-identidad")
    assert len(hallados) == 1 and hallados[0].archivo.endswith("solicitudes_recibidas.csv")
    total = (carpeta / "2023-12" / "solicitudes_recibidas.csv").read_text(encoding="utf-8").split("\n")
    assert hallados[0].linea == next(i for i, l in enumerate(total, 1) if l.startswith("TOTAL,"))
    assert hallados[0].columna == 7 and "51,167" in hallados[0].mensaje and "51,186" in hallados[0].mensaje


def test_identidad_analisis_igual_a_cumplen_mas_subsane_mas_en_proceso(tmp_path):
    carpeta = _copia(tmp_path)
    _cambiar_yaml(carpeta / "2023-12" / "corte.yaml", "subsane", "465")
    hallados = _problemas(carpeta, "vmre-identidad")
    assert len(hallados) == 1 and hallados[0].archivo.endswith("solicitudes_procedentes.csv")
    assert hallados[0].columna == 7 and "43,444" in hallados[0].mensaje and "51,168" in hallados[0].mensaje


def test_una_cifra_publicada_que_difiere_sin_registrar_pide_registrarla(tmp_path):
    carpeta = _copia(tmp_path)
    ruta = carpeta / "2023-12" / "corte.yaml"
    texto = ruta.read_text(encoding="utf-8")
    ruta.write_text(texto[:texto.index("discrepancias:")], encoding="utf-8")
    linea = _cambiar_yaml(ruta, "paises", "100")
    hallados = _problemas(carpeta, "vmre-publicado-difiere")
    assert [(p.linea, p.columna) for p in hallados][0] == (linea, 11)
    assert "dice 100" in hallados[0].mensaje and "CORRECCIONES.md" in hallados[0].sugerencia
    assert "Registrada" not in hallados[0].sugerencia


def test_diff_entre_cortes_y_crecimiento_en_el_informe(tmp_path):
    from informe.familias import de_carpeta
    from informe.validar import validar_hasta
    from informe.vmre.diferencias import markdown

    familia = de_carpeta(EJEMPLO)
    _, cargas = validar_hasta(EJEMPLO, "2024-01", familia)
    d = familia.comparar(EJEMPLO, EJEMPLO, "2023-12", "2024-01", cargas)
    colima = next(f for f in d["tablas"]["recibidas"]["filas"] if f["entidad"] == "Colima")
    assert colima["TOTAL"] == {"antes": 288, "ahora": 333, "cambio": 45}
    assert d["tablas"]["recibidas"]["total"]["TOTAL"] == {"antes": 51185, "ahora": 62938, "cambio": 11753}
    assert not d["desaparecidas"]
    assert "| Colima" in markdown(d)
    indicadores = {i["indicador"]: (i["antes"], i["ahora"], i["cambio"]) for i in d["indicadores"]}
    assert indicadores["Impactos de los spots de radio y televisión"] == (41453, 73000, 31547)
    assert indicadores["Entrevistas en medios"] == (6, 1, -5) and indicadores["Sobres-Voto validados"] == (9, 9, 0)
    assert len(indicadores) == 16 and "| Impactos de los spots de radio y televisión" in markdown(d)
    from informe.compilar import compilar

    compilar(EJEMPLO, "2024-01", tmp_path, ("md",), incluir_diff="2023-12")
    md = leer_md(tmp_path / "informe-2024-01.md")
    assert "EJEMPLO FICTICIO" in md
    assert "las solicitudes recibidas\naumentaron en 11,753 (23.0%)" in md
    assert "# Anexo. Cambios respecto del corte" in md


def test_salida_determinista(tmp_path):
    from informe.compilar import compilar

    compilar(DATOS, "2023-12", tmp_path / "a", ("md", "docx"))
    compilar(DATOS, "2023-12", tmp_path / "b", ("md", "docx"))
    for nombre in ("informe-2023-12.md", "informe-2023-12.docx"):
        assert (tmp_path / "a" / nombre).read_bytes() == (tmp_path / "b" / nombre).read_bytes()


def test_los_codigos_de_la_familia_estan_documentados():
    from informe.vmre import CODIGOS

    doc = (RAIZ / "docs" / "validacion.md").read_text(encoding="utf-8")
    for codigo, (severidad, _) in CODIGOS.items():
        assert f"| `{codigo}` | {severidad} |" in doc


def test_una_orden_del_ciclo_jle_se_niega_en_una_carpeta_vmre():
    from typer.testing import CliRunner

    from informe.cli import app

    r = CliRunner().invoke(app, ["estado", "--periodo", "2023-12", "--datos", str(DATOS)])
    assert r.exit_code == 2 and "familia «seguridad»" in r.output and "familia «vmre»" in r.output


def test_un_texto_del_analista_con_errores_no_pasa_validar(tmp_path):
    carpeta = _copia(tmp_path)
    (carpeta / "2023-12" / "textos" / "boletines.md").write_text("Hubo {{ r.cifras.boletines }} boletines {{ x }}.\n",
                                                                   encoding="utf-8")
    (carpeta / "2023-12" / "textos" / "sin_lugar.md").write_text("Texto.\n", encoding="utf-8")
    problemas = validar([carpeta]).problemas
    assert sorted((p.codigo, p.archivo.split("/")[-1], p.linea) for p in problemas if p.codigo.startswith("texto-")) == [
        ("texto-ranura", "sin_lugar.md", None), ("texto-variable", "boletines.md", 1)]


def test_las_marcas_del_eje_llevan_separador_de_miles():
    # como las etiquetas de las barras y el texto (12,780): antes el eje decía 10500 y 12000
    from informe.figuras import marcas_enteras, pyplot

    plt = pyplot()
    fig, ax = plt.subplots()
    try:
        ax.barh(["Ciudad de México", "Colima"], [12780, 288])
        marcas_enteras(ax.xaxis)
        fig.canvas.draw()
        marcas = [t.get_text() for t in ax.get_xticklabels()]
    finally:
        plt.close(fig)
    assert "12,000" in marcas and "0" in marcas and not any(m.isdigit() and len(m) > 3 for m in marcas)


def test_el_ejemplo_parte_del_corte_publicado_tal_cual():
    """`ejemplos/vmre` ensaya `diff` desde el corte publicado hacia uno ficticio: su 2023-12 es una copia de
    `datos/vmre/2023-12`. Copiada una vez, se quedó con los textos de una ronda anterior (sin el lapso de
    cada cifra); si se corrige uno, se corrige el otro."""
    publicado, ejemplo = RAIZ / "datos" / "vmre", RAIZ / "ejemplos" / "vmre"
    archivos = lambda raiz: sorted(p.relative_to(raiz) for p in (raiz / "2023-12").rglob("*") if p.is_file())  # noqa: E731
    assert archivos(publicado) == archivos(ejemplo)
    distintos = [str(r) for r in archivos(publicado) if (publicado / r).read_bytes() != (ejemplo / r).read_bytes()]
    assert distintos == []
    assert (publicado / "proceso.yaml").read_bytes() == (ejemplo / "proceso.yaml").read_bytes()
