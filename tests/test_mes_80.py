"""El mes tal como lo vive el analista el día del corte, en una terminal de 80 columnas.

periodo nuevo (primero contra un informe marcado como el último) → plantilla --todas → recibir un correo
con los errores típicos (un Word en lugar del YAML, un adjunto repetido, tabuladores, un estatus mal
escrito, una fecha fuera del mes, un archivo que no dice de quién es) → estado → acuses → reenvíos (una
redacción corregida, uno que quitaría un acuerdo) → compilar con entidades faltantes → acuerdos.

Cada pantalla se compara con la misma orden a 400 columnas: las mismas palabras en el mismo orden
quiere decir que ninguna se partió; y ningún renglón pasa de 80 columnas.
"""

from __future__ import annotations

import io
import re
import shutil
import zipfile

import pytest
from pathlib import Path

from rich.cells import cell_len

from conftest import DEMO

VACIO = "acuerdos: []  # sustituya [] por la lista de acuerdos del periodo, si los hubo\n"
ACUERDO = "acuerdos:\n  - descripcion: {}\n    estatus: {}\n"


def _ver(correr, monkeypatch, *args, ancho: int = 80):
    monkeypatch.setenv("COLUMNS", str(ancho))
    return correr(*args)


def _cabe(texto: str, ancho: int = 80) -> None:
    largas = [linea for linea in texto.splitlines() if cell_len(linea) > ancho]
    assert not largas, largas


def _pantalla(correr, monkeypatch, *args):
    """(código, salida, error) a 80 columnas, comprobando que cabe y que ninguna palabra se partió: la
    misma orden (sin efectos) a 400 columnas dice las mismas palabras en el mismo orden."""
    codigo, salida, error = _ver(correr, monkeypatch, *args)
    _, ancha, ancho_error = _ver(correr, monkeypatch, *args, ancho=400)
    _cabe(salida)
    _cabe(error)
    assert _en_orden(salida, ancha), (salida, ancha)
    assert _palabras(error) == _palabras(ancho_error), (error, ancho_error)
    return codigo, salida, error


def _en_orden(angosta: str, ancha: str) -> bool:
    """Las mismas palabras en el mismo orden. Lo que se recorta para caber en 24 renglones (un renglón que
    termina en «…», el «… y N más» de una lista) puede omitir palabras, nunca partir una: la palabra antes
    del «…» está entera."""
    if "…" not in angosta:
        return _palabras(angosta) == _palabras(ancha)
    resto = iter(_palabras(ancha))
    palabras = _palabras("\n".join(linea for linea in angosta.splitlines() if not linea.lstrip().startswith("…")))
    return all(any(p in (q, q.rstrip(",;:.")) for q in resto) for p in (w.rstrip("…") for w in palabras) if p)


def _palabras(texto: str) -> list[str]:
    """Las palabras de una pantalla, sin las líneas de los recuadros (que crecen con el ancho)."""
    return re.sub(r"[─│╭╮╰╯]", " ", texto).split()


def _llenar(envios, entidad: str, acuerdos: str, reuniones: str = "reuniones: []\n") -> str:
    texto = (envios / entidad / f"{entidad}-2024-04.yaml").read_text(encoding="utf-8")
    assert VACIO in texto
    return texto.replace(VACIO, reuniones + acuerdos)


def _escribir(ruta, contenido):
    ruta.parent.mkdir(parents=True, exist_ok=True)
    (ruta.write_bytes if isinstance(contenido, bytes) else ruta.write_text)(contenido)
    return ruta


def _acuse(datos, abreviatura: str) -> str:
    """El acuse más reciente de una entidad, en un solo renglón para buscar en él (va partido a 78)."""
    acuses = [p for p in (datos / "2024-04" / "acuses").iterdir() if f"-{abreviatura}-" in p.name]
    texto = max(acuses, key=lambda p: p.stat().st_mtime_ns).read_text(encoding="utf-8")
    assert max(map(cell_len, texto.splitlines())) <= 78
    for palabra in ("informe validar", "informe recibir", "--reemplazar", "Pida a la JLE", "Reciba un solo"):
        assert palabra not in texto  # nada escrito para el analista
    return " ".join(texto.split())


def test_el_mes_a_80_columnas(correr, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # las rutas se muestran relativas: caben en 80 columnas
    shutil.copytree(DEMO, tmp_path / "datos")
    datos = tmp_path / "datos"
    marzo = datos / "2024-03" / "periodo.yaml"
    texto_marzo = marzo.read_text(encoding="utf-8")
    assert "ultimo: true" in texto_marzo

    # 1. el periodo: después de un informe marcado como el último, se dice qué hacer
    codigo, _, error = _pantalla(correr, monkeypatch, "periodo", "nuevo")
    plano = " ".join(error.split())
    assert codigo == 1
    assert "Error: el tercer informe (2024-03) es el último de su serie: su archivo datos/2024-03/periodo.yaml dice «ultimo: true». " \
           "No se abrió ningún periodo. Si la serie continúa, cambie esa línea a «ultimo: false»" in plano
    marzo.write_text(texto_marzo.replace("ultimo: true", "ultimo: false"), encoding="utf-8")
    codigo, salida, _ = _ver(correr, monkeypatch, "periodo", "nuevo")
    _cabe(salida)
    assert codigo == 0 and "Siguiente paso:\n  informe plantilla --periodo 2024-04 --todas\n" in salida

    # 2. las 32 carpetas para las JLE: un resumen y el siguiente paso, no 96 renglones
    codigo, salida, _ = _ver(correr, monkeypatch, "plantilla", "-p", "abril 2024", "--todas", "-o", "envios")
    _cabe(salida)
    assert codigo == 0 and len(salida.splitlines()) == 4
    assert "32 carpetas escritas en envios/" in " ".join(salida.split())
    envios = tmp_path / "envios"
    plantilla = (envios / "chiapas" / "chiapas-2024-04.yaml").read_text(encoding="utf-8")
    _cabe(plantilla)
    assert "informe validar" not in plantilla and "la DEOE le responde con un acuse" in " ".join(plantilla.split())

    # 3. el correo del día del corte, con los errores típicos
    correo = tmp_path / "correo"
    docx = io.BytesIO()
    with zipfile.ZipFile(docx, "w") as z:
        z.writestr("word/document.xml", "<w:document/>")
    _escribir(correo / "chiapas" / "Informe Chiapas abril.docx", docx.getvalue())  # un Word
    colima = _llenar(envios, "colima", ACUERDO.format("Reforzar la vigilancia de la bodega del distrito 01.",
                                                      "Planeación"))
    _escribir(correo / "colima" / "colima-2024-04.yaml", colima)
    _escribir(correo / "colima" / "colima-2024-04 (1).yaml", colima)  # el mismo adjunto, dos veces
    sonora = _llenar(envios, "sonora", ACUERDO.format("Patrullajes en la zona serrana.", "Terminado"),
                     "reuniones:\n  - fecha: 2024-05-02\n    modalidad: virtual\n    asistentes: 12\n")
    _escribir(correo / "sonora" / "sonora-2024-04.yaml", sonora)  # estatus mal escrito, fecha de mayo
    tlaxcala = _llenar(envios, "tlaxcala", ACUERDO.format("Recorrido por las sedes.", "En proceso"))
    _escribir(correo / "tlaxcala" / "tlaxcala-2024-04.yaml", tlaxcala.replace("    estatus: En proceso",
                                                                               "\testatus: En proceso"))
    _escribir(correo / "guerrero" / "respuesta.yaml", "reuniones: [\n")  # ni entidad ni nombre: su carpeta
    yucatan = _llenar(envios, "yucatan", ACUERDO.format("Enlace con la SSP del estado para los traslados de "
                                                        "paquetes electorales.", "En proceso"))
    _escribir(correo / "yucatan" / "yucatan-2024-04.yaml", yucatan)
    codigo, salida, _ = _ver(correr, monkeypatch, "recibir", "correo", "-p", "2024-4")
    _cabe(salida)
    lineas = " ".join(salida.split())
    assert codigo == 1
    for esperado in (
            "correo/chiapas/Informe Chiapas abril.docx → Chiapas: rechazado, 1 error: archivo-no-yaml",
            "correo/colima/colima-2024-04 (1).yaml → Colima: repetido, igual a colima-2024-04.yaml: cuenta como "
            "un solo envío",
            "correo/colima/colima-2024-04.yaml → Colima: guardado, acuerdos nuevos: COL-2024-04-001",
            "correo/guerrero/respuesta.yaml → Guerrero: rechazado, 1 error: yaml-sintaxis",
            "correo/sonora/sonora-2024-04.yaml → Sonora: rechazado, 2 errores: fecha-posterior",
            "correo/tlaxcala/tlaxcala-2024-04.yaml → Tlaxcala: rechazado, 1 error: yaml-tabulador",
            "correo/yucatan/yucatan-2024-04.yaml → Yucatán: guardado, acuerdos nuevos: YUC-2024-04-001",
            "7 archivos, 6 envíos: 2 guardados, 4 rechazados (1 archivo repetido, sin acuse propio).",
            "Acuses para devolver a las JLE: datos/2024-04/acuses/",
            "Siguiente paso: informe estado --periodo 2024-04"):
        assert esperado in lineas, esperado
    # un renglón por archivo (el detalle puede seguir, sangrado, en el siguiente) y el resumen
    assert len([linea for linea in salida.splitlines() if not linea.startswith(" ")]) == 7 + 4

    # 4. estado: los conteos suman 32; las rechazadas no se confunden con las que faltan
    codigo, salida, _ = _pantalla(correr, monkeypatch, "estado", "-p", "4")
    assert codigo == 1 and len(salida.splitlines()) <= 24
    assert salida.splitlines()[1] == "32 JLE: 2 recibidas, 4 rechazadas, 26 faltan."
    lineas = salida.splitlines()
    inicio = next(i for i, linea in enumerate(lineas) if linea.startswith("Rechazadas")) + 1
    rechazadas = [linea.split()[0] for linea in lineas[inicio:inicio + 4]]
    assert rechazadas == ["Chiapas", "Guerrero", "Sonora", "Tlaxcala"]
    # cada una con su causa en un renglón, la fecha día y mes
    assert re.match(r"  Chiapas   [0-3][0-9]/[01][0-9] [0-2][0-9]:[0-5][0-9]  archivo-no-yaml: ", lineas[inicio])
    faltan = " ".join(salida.split()).split("Faltan (26): ")[1].split(".")[0].split(", ")
    assert len(faltan) == 26 and not {"Chiapas", "Guerrero", "Sonora", "Tlaxcala", "Colima", "Yucatán"} & set(faltan)
    assert faltan[:2] == ["Aguascalientes", "Baja California"] and "Baja California Sur" in faltan
    codigo, salida, _ = _pantalla(correr, monkeypatch, "estado", "-p", "2024-04", "--todas")
    fila = next(linea for linea in salida.splitlines() if linea.startswith("Sonora"))
    celdas = fila.split()  # entidad, estado, fecha y hora del envío, y las cifras (un envío rechazado)
    assert celdas[:2] == ["Sonora", "rechazado"] and celdas[4:] == ["—", "—", "—", "—", "—", "1"]

    # 5. los acuses, escritos para quien llenó el archivo
    acuse = _acuse(datos, "CHIS")
    assert "Junta Local Ejecutiva en Chiapas" in acuse and "Resultado: NO SE REGISTRÓ." in acuse
    assert "El archivo es un documento de Word (DOCX), no el archivo YAML de la plantilla." in acuse
    assert "Qué hacer: Abra el formulario que le enviamos (la página .html junto a chiapas-2024-04.yaml)" in acuse
    assert "Qué enviar de vuelta Llene chiapas-2024-04.yaml con el formulario web (o con un editor de texto)" in acuse
    acuse = _acuse(datos, "SON")
    n_estatus = sonora.splitlines().index("    estatus: Terminado") + 1
    assert f"Línea {n_estatus}, columna 14. Acuerdo 1, estatus: «Terminado» no está en el catálogo. " \
           "Su archivo dice: «estatus: Terminado» Qué hacer: Use uno de: Planeación, En proceso, Concluido." in acuse
    assert "Reunión: 2024-05-02 es posterior al corte del periodo 2024-04" in acuse
    assert "Corrija lo anterior en el mismo archivo, sonora-2024-04.yaml, y envíelo completo" in acuse
    assert "Su archivo dice: «[tabulador]estatus: En proceso»" in _acuse(datos, "TLAX")
    assert "Junta Local Ejecutiva en Guerrero" in _acuse(datos, "GRO")
    acuse = _acuse(datos, "COL")
    assert "El correo lo traía 2 veces, idéntico (colima-2024-04 (1).yaml): lo tomamos como un solo envío." in acuse
    assert "Resultado: RECIBIDO. Su informe del periodo quedó registrado." in acuse
    assert "- Acuerdos nuevos: 1, con estos identificadores: COL-2024-04-001 (Planeación): Reforzar la " \
           "vigilancia de la bodega del distrito 01." in acuse
    assert "Qué enviar de vuelta Nada." in acuse
    assert len(list((datos / "2024-04" / "acuses").iterdir())) == 6  # el repetido no tiene acuse propio

    # 6. reenvíos: Sonora corrige; Yucatán corrige la redacción; Colima quitaría su acuerdo
    _escribir(correo / "sonora" / "sonora-2024-04.yaml",
              sonora.replace("Terminado", "Concluido").replace("2024-05-02", "2024-04-20"))
    _escribir(correo / "yucatan" / "yucatan-2024-04.yaml",
              yucatan.replace("SSP del estado", "Secretaría de Seguridad Pública del estado"))
    _escribir(correo / "colima" / "colima-2024-04.yaml", _llenar(envios, "colima", ""))
    (correo / "colima" / "colima-2024-04 (1).yaml").unlink()
    codigo, salida, _ = _ver(correr, monkeypatch, "recibir", "correo/sonora", "correo/yucatan", "correo/colima",
                             "-p", "2024-04")
    _cabe(salida)
    lineas = " ".join(salida.split())
    assert codigo == 1
    assert "Colima: no guardado, quitaría del envío anterior: acuerdo COL-2024-04-001; si la JLE lo confirma, " \
           "repita con --reemplazar" in lineas
    assert "Yucatán: guardado, redacción corregida: YUC-2024-04-001, sustituye al envío anterior" in lineas
    acuse = _acuse(datos, "YUC")
    assert "- Redacción del acuerdo YUC-2024-04-001 (conserva su identificador): Antes: Enlace con la SSP del " \
           "estado para los traslados de paquetes electorales. Ahora: Enlace con la Secretaría de Seguridad " \
           "Pública del estado para los traslados de paquetes electorales." in acuse
    acuse = _acuse(datos, "COL")
    assert "Resultado: PENDIENTE DE CONFIRMACIÓN. Este envío quitaría datos de su envío anterior, que sigue " \
           "registrado sin cambios." in acuse
    assert "Lo que se perdería - Acuerdo COL-2024-04-001 (Planeación): Reforzar la vigilancia de la bodega del " \
           "distrito 01. Qué enviar de vuelta" in acuse
    assert "Acuerdos nuevos" not in acuse and "Resultado: RECIBIDO" not in acuse  # sin contradicciones

    codigo, salida, _ = _pantalla(correr, monkeypatch, "estado", "-p", "2024-04")
    assert salida.splitlines()[1] == "32 JLE: 3 recibidas (1 con advertencias), 3 rechazadas, 26 faltan."

    # 7. compilar con entidades faltantes: se niega y las nombra; con --permitir-faltantes, compila
    codigo, _, error = _pantalla(correr, monkeypatch, "compilar", "-p", "2024-04", "-o", "salida", "-f", "MD")
    plano = " ".join(error.split())
    assert codigo == 1 and "29 de las 32 JLE no tienen informe en 2024-04" in plano
    assert "con el envío rechazado: Chiapas, Guerrero, Tlaxcala)." in plano and "No se compiló." in plano
    # la misma orden con --permitir-faltantes, entera en su renglón (no «agregue … a la orden» a media oración)
    assert error.splitlines()[-2:] == ["Para compilar así, sin lo que falta:",
                                       "  informe compilar --periodo 2024-04 --formato md --permitir-faltantes"]
    codigo, salida, error = _ver(correr, monkeypatch, "compilar", "-p", "2024-04", "-o", "salida", "-f", "md",
                                 "--permitir-faltantes")
    _cabe(salida)
    _cabe(error)
    assert codigo == 0
    # las notas de captura primero (lo último que se lee es lo que se entrega), un renglón por archivo y el
    # resumen: 29 JLE y la parte federal sin recibir
    assert salida.splitlines()[-2:] == ["Escrito: salida/informe-2024-04.md",
                                        "Listo: informe 2024-04 en salida/, 1 archivo; 30 entregas sin recibir."]

    # 8. la pregunta del día, con opciones que perdonan
    codigo, _, error = _pantalla(correr, monkeypatch, "acuerdos", "--entidad", "Mexico")
    assert codigo == 2 and "¿cuál de las dos?" in error and "Ciudad de México o Estado de México" in error
    codigo, salida, _ = _pantalla(correr, monkeypatch, "acuerdos", "--entidad", "Yucatán", "--buscar", "traslados",
                                  "--formato", "TEXTO")
    assert codigo == 0 and salida.splitlines()[0].startswith("YUC-2024-04-001 · Yucatán · En proceso")
    assert "Secretaría de Seguridad Pública del estado" in " ".join(salida.split())
    codigo, _, error = _pantalla(correr, monkeypatch, "estado", "2024-04")
    assert codigo == 2 and "el periodo se indica con la opción --periodo: informe estado --periodo 2024-04" in " ".join(_palabras(error))
    codigo, _, error = _pantalla(correr, monkeypatch, "estado", "-p", "julio")
    assert codigo == 2 and "ningún periodo de datos es de julio" in error
    codigo, _, error = _pantalla(correr, monkeypatch, "estado", "-p", "4", "-d", "no-existe")
    assert codigo == 2 and "no existe la carpeta de datos no-existe" in error

    # 9. el analista escribe su texto con una errata en el nombre de una cifra: validar la señala con su
    # línea y columna y lo que quiso decir, antes de que compilar la encuentre
    textos = datos / "2024-04" / "textos"
    textos.mkdir(exist_ok=True)
    (textos / "estatal.md").write_text("Las mesas estatales del periodo.\n"
                                       "Se celebraron {{ r.reuniones.totales }} reuniones.\n", encoding="utf-8")
    codigo, salida, error = _pantalla(correr, monkeypatch, "validar", "datos/2024-04")
    plano = " ".join((salida + error).split())
    assert codigo == 1
    assert "datos/2024-04/textos/estatal.md:2:30: error texto-variable" in plano
    assert "¿Quiso decir «r.reuniones.total»?" in plano


MES = Path(__file__).resolve().parent.parent / "ejemplos" / "mes"


def _en_pantalla(correr, monkeypatch, *args, efectos: bool = False):
    """(código, salida, error) a 80×24: ningún renglón pasa de 80 columnas ni la salida de 24 renglones.
    Una orden sin `efectos` se corre también a 400 columnas: ninguna palabra se partió."""
    if efectos:
        codigo, salida, error = _ver(correr, monkeypatch, *args)
        _cabe(salida)
        _cabe(error)
    else:
        codigo, salida, error = _pantalla(correr, monkeypatch, *args)
    assert len(salida.splitlines()) <= 24, salida
    return codigo, salida, error


def _primer_problema(acuse: str) -> str:
    """Lo que el acuse dice primero que hay que corregir, en un renglón."""
    return " ".join(acuse.split("Qué hay que corregir", 1)[1].split("\n2. ", 1)[0].split())


def _acuses(mes) -> dict[str, str]:
    """El acuse vigente de cada entidad (en acuses/ queda uno por JLE y recepción), por su abreviatura; el
    de un archivo de otro periodo que llegó junto al bueno, aparte (`-enero`)."""
    vigentes = {}
    for p in (mes / "2024-02" / "acuses").iterdir():
        abreviatura = p.name.split("-")[2] + ("-enero" if p.name.endswith("-enero.yaml.txt") else "")
        assert abreviatura not in vigentes, f"dos acuses vigentes de {abreviatura}"
        vigentes[abreviatura] = p.read_text(encoding="utf-8")
    return vigentes


def _correo(tmp_path, mes):
    """El correo del día del corte como lo escriben las JLE: 2 bien, 12 rechazos distintos y 2 adjuntos
    que no son envíos."""
    plantillas = tmp_path / "salida" / "plantillas"
    correo = tmp_path / "correo"
    for nombre in ("colima.yaml", "yucatan.yaml", "guerrero.yaml"):  # 2 bien y un estatus mal escrito
        _escribir(correo / nombre, (mes / "correo" / nombre).read_bytes())
    colima = (mes / "correo" / "colima.yaml").read_text(encoding="utf-8")
    tabasco = (plantillas / "tabasco" / "tabasco-2024-02.yaml").read_text(encoding="utf-8")
    veracruz = colima.replace("entidad: Colima", "entidad: Veracruz").replace("COL-", "VER-")
    _escribir(correo / "veracruz.yaml", veracruz + "---\n" + tabasco)  # dos entidades en un archivo
    _escribir(correo / "durango-2024-02.yaml", (plantillas / "durango" / "durango-2024-02.yaml").read_bytes())
    sonora = colima.replace("entidad: Colima", "entidad: Sonora").replace("COL-", "SON-")
    _escribir(correo / "sonora.yaml", sonora.replace("fecha: 2024-02-12", "fecha: 05/02/2024")
              .replace("fecha: 2024-02-15", "fecha: 15 de febrero"))  # fechas como se escriben en México
    oaxaca = (plantillas / "oaxaca" / "oaxaca-2024-02.yaml").read_text(encoding="utf-8")
    _escribir(correo / "oaxaca.yaml", oaxaca.replace(VACIO.replace("2024-04", "2024-02"), "reuniones: []\n"
                                                                                        "acuerdos: []\n"))
    _escribir(correo / "oaxaca-enero.yaml", (mes / "2024-01" / "jle" / "oaxaca.yaml").read_bytes())  # el de enero
    chiapas = (plantillas / "chiapas" / "chiapas-2024-02.yaml").read_text(encoding="utf-8")
    _escribir(correo / "chiapas.yaml", chiapas.replace(  # los acuerdos como texto
        VACIO, "reuniones: []\nacuerdos:\n  - Se acordó reforzar la vigilancia de la bodega.\n"))
    campeche = (plantillas / "campeche" / "campeche-2024-02.yaml").read_text(encoding="utf-8")
    _escribir(correo / "campeche.yaml", campeche.replace(VACIO, "reuniones: []\nacuerdos:\n\t- descripcion: X\n"))
    _escribir(correo / "Informe Jalisco febrero.docx", b"PK\x03\x04word/document.xml")
    _escribir(correo / "nayarit.yaml", colima.replace("entidad: Colima", "entidad: Nayarit")
              .replace("COL-", "NAY-").replace("estatus: Planeación", "estatus: Terminado"))
    _escribir(correo / "puebla.yaml", b"")
    _escribir(correo / "sinaloa.yaml", "entidad: Sinaloa\nperiodo: 2024-02\nreuniones: [\n")
    _escribir(correo / "image001.png", b"\x89PNG\r\n\x1a\n" + bytes(64))  # la firma del correo
    _escribir(correo / ".DS_Store", b"\x00\x00\x00\x01Bud1")
    return correo


def test_el_mes_de_ejemplo_en_80x24(correr, tmp_path, monkeypatch):
    """El mes de `ejemplos/mes`, en una copia, a 80×24, con los casos de una recepción real: un archivo con
    dos entidades, fechas DD/MM, un formulario sin llenar, el archivo del mes pasado junto al de este,
    acuerdos como texto, doce rechazos a la vez, el mismo correo recibido dos veces, un reenvío que se
    retiene y `validar` fuera de la carpeta de datos."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("LINES", "24")
    shutil.copytree(MES, tmp_path / "mes")
    mes = tmp_path / "mes"
    monkeypatch.setenv("INFORME_DATOS", "mes")  # la carpeta de datos, una vez
    codigo, salida, _ = _en_pantalla(correr, monkeypatch, "periodo", "nuevo", efectos=True)
    assert codigo == 0 and salida.splitlines()[-1] == "  informe plantilla --periodo 2024-02 --todas"
    assert _en_pantalla(correr, monkeypatch, "plantilla", "-p", "2024-02", "--todas", efectos=True)[0] == 0
    correo = _correo(tmp_path, mes)

    # doce rechazos a la vez: un renglón por archivo que pide algo y el resumen, en una pantalla
    codigo, salida, _ = _ver(correr, monkeypatch, "recibir", "correo", "-p", "2024-02")
    _cabe(salida)
    assert codigo == 1 and len(salida.splitlines()) <= 24, salida
    plano = " ".join(salida.split())
    for esperado in ("Veracruz: rechazado, entidades-varias y 1 más (correo/veracruz.yaml)",
                     "Tabasco: rechazado, entidades-varias (correo/veracruz.yaml)",
                     "Durango: rechazado, formulario-sin-llenar", "Oaxaca: rechazado, periodo-distinto "
                     "(correo/oaxaca-enero.yaml)", "Guardado (3): Colima, Oaxaca, Yucatán.",
                     "No es envío (2): .DS_Store, image001.png.",
                     "16 archivos, 15 envíos: 3 guardados, 12 rechazados (2 archivos que no son envíos)."):
        assert esperado in plano, esperado
    acuses = _acuses(mes)
    assert len(acuses) == 15  # Oaxaca: el de enero y el de febrero, en una recepción
    for abreviatura, primero in (
            ("TAB", "El informe de Tabasco llegó dentro de un archivo con el de otra entidad (Veracruz)"),
            ("DGO", "El archivo es la plantilla tal como se envió: no reporta reuniones, acuerdos ni medidas."),
            ("SON", "«05/02/2024» no es una fecha AAAA-MM-DD. Su archivo dice: «- fecha: 05/02/2024» Qué hacer: "
                    "Si es el 5 de febrero de 2024, escríbala como 2024-02-05 (año, mes y día)."),
            ("OAX", "Línea 4. El archivo es del periodo 2024-01 y se está recibiendo el 2024-02."),
            ("CHIS", "Acuerdo 1: se esperaba un mapa de «clave: valor» y hay «Se acordó reforzar la vigilancia de "
                     "la bodega.». Su archivo dice: «- Se acordó reforzar la vigilancia de la bodega.» Qué hacer:"),
            ("GRO", "Línea 34, columna 14. Seguimiento 1, estatus: «Terminado» no está en el catálogo.")):
        abreviatura += "-enero" if abreviatura == "OAX" else ""
        assert primero in _primer_problema(acuses[abreviatura]), (abreviatura, _primer_problema(acuses[abreviatura]))
    tabasco = (correo / "veracruz.yaml").read_text(encoding="utf-8").splitlines().index('entidad: "Tabasco"') + 1
    assert _primer_problema(acuses["VER"]).startswith(
        f"1. Línea {tabasco}. El archivo trae los informes de 2 entidades: Veracruz (línea 3), Tabasco (línea "
        f"{tabasco}).")
    assert "Esto explica también 1 problema más del archivo, que se resuelve al corregirlo" in \
        " ".join(acuses["VER"].split())
    for acuse in acuses.values():  # todo problema dice qué hacer
        partes = acuse.split("Qué hay que corregir", 1)
        if len(partes) == 2:
            bloque = partes[1].split("Qué enviar de vuelta")[0]
            assert bloque.count("Qué hacer:") >= len(re.findall(r"^\d+\. ", bloque, re.M)), acuse

    # el mismo correo otra vez: «ya registrado», sin acuse nuevo ni rechazo
    antes = sorted(p.name for p in (mes / "2024-02" / "acuses").iterdir())
    codigo, salida, _ = _ver(correr, monkeypatch, "recibir", "correo", "-p", "2024-02")
    assert codigo == 0 and "14 ya registrados, sin acuse nuevo" in " ".join(salida.split()), salida
    assert sorted(p.name for p in (mes / "2024-02" / "acuses").iterdir()) == antes

    # un reenvío de Yucatán que quita un acuerdo: se retiene, y estado y compilar lo dicen
    yucatan = (mes / "correo" / "yucatan.yaml").read_text(encoding="utf-8")
    quitado = '  - id: YUC-2024-02-005\n    descripcion: "Solicitar el resguardo perimetral de la bodega electoral ' \
              'del consejo distrital 05 (acuerdo 5)."\n    estatus: En proceso\n'
    assert quitado in yucatan
    _escribir(tmp_path / "reenvio" / "yucatan.yaml", yucatan.replace(quitado, ""))
    codigo, salida, _ = _ver(correr, monkeypatch, "recibir", "reenvio", "-p", "2024-02")
    assert codigo == 1 and "Yucatán: no guardado, quitaría del envío anterior: acuerdo YUC-2024-02-005" in \
        " ".join(salida.split())
    assert sorted(a for a in _acuses(mes)) == sorted(acuses)  # uno vigente por JLE: el anterior, apartado
    assert len(list((mes / "2024-02" / "acuses-anteriores").iterdir())) == 1

    # el correo del día otra vez: lo guardado de Yucatán ya está, y su reenvío sigue pendiente
    codigo, salida, _ = _ver(correr, monkeypatch, "recibir", "correo", "-p", "2024-02")
    assert codigo == 0 and "14 ya registrados, sin acuse nuevo" in " ".join(salida.split()), salida

    codigo, salida, _ = _en_pantalla(correr, monkeypatch, "estado", "-p", "2024-02")
    lineas = salida.splitlines()
    assert codigo == 1 and lineas[1] == "32 JLE: 3 recibidas (1 con advertencias), 11 rechazadas, 18 faltan."
    inicio = lineas.index(next(linea for linea in lineas if linea.startswith("Rechazadas (10)")))
    assert re.match(r"  Campeche +\d\d/\d\d \d\d:\d\d  yaml-tabulador: ", lineas[inicio + 1])
    assert "Sin llenar (1): Durango. El formulario volvió tal como se envió." in salida
    assert "Pendiente de confirmación (Yucatán): su reenvío del " in salida
    assert "  informe recibir mes/2024-02/pendientes/YUC.yaml -p 2024-02 --reemplazar" in lineas
    assert "Recibidas (2): Colima, Oaxaca." in salida and "Tabasco" not in salida.split("Faltan")[1]
    codigo, salida, _ = _ver(correr, monkeypatch, "estado", "-p", "2024-02", "--todas")
    assert codigo == 1 and "Tabasco" in salida

    codigo, salida, error = _ver(correr, monkeypatch, "compilar", "-p", "2024-02", "-f", "md", "--permitir-faltantes")
    assert codigo == 0 and "Aviso: Yucatán envió un reenvío que espera confirmación porque quitaría YUC-2024-02-005: " \
        "mientras tanto se usa su archivo anterior, mes/2024-02/jle/yucatan.yaml." in " ".join(error.split()), error
    codigo, salida, _ = _ver(correr, monkeypatch, "validar", "mes/2024-02")
    assert "reenvio-pendiente Yucatán envió un reenvío que espera confirmación porque quitaría YUC-2024-02-005" \
        in " ".join(salida.split())

    # la JLE confirma: la orden de estado, tal cual, lo registra
    codigo, salida, _ = _ver(correr, monkeypatch, "recibir", "mes/2024-02/pendientes/YUC.yaml", "-p", "2024-02",
                             "--datos", "mes", "--reemplazar")
    assert codigo == 0 and "Yucatán: guardado" in " ".join(salida.split())
    assert "Pendiente de confirmación" not in _ver(correr, monkeypatch, "estado", "-p", "2024-02")[1]

    # validar un archivo fuera de la carpeta de datos: sin la historia de otra carpeta, y se dice
    _escribir(tmp_path / "suelto" / "colima.yaml", (mes / "correo" / "colima.yaml").read_bytes())
    monkeypatch.delenv("INFORME_DATOS")
    shutil.copytree(DEMO, tmp_path / "suelto" / "datos")  # otra historia en ./datos: no se usa
    monkeypatch.chdir(tmp_path / "suelto")
    codigo, salida, _ = _en_pantalla(correr, monkeypatch, "validar", "colima.yaml")
    plano = " ".join(salida.split())
    assert codigo == 0 and "seguimiento-desconocido" not in plano
    assert "periodo-desconocido El archivo no está en una carpeta de datos" in plano


@pytest.mark.parametrize("semilla", range(12))
def test_estado_cabe_en_24_renglones_con_cualquier_mezcla(semilla, tmp_path, monkeypatch):
    """Cualquier mezcla de estados de las 32 JLE (y la parte federal) cabe en 80×24, con los conteos arriba."""
    import io
    import random

    from rich.console import Console

    from informe.entidades import ENTIDADES
    from informe.seguridad.recibir import NOMBRE_FEDERAL, EstadoJLE
    from informe.seguridad.tablas import estado_rich

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("INFORME_DATOS", "mes")  # como se trabaja: la carpeta de datos dada una vez
    azar = random.Random(semilla)
    # las primeras semillas, los extremos: todas rechazadas, todas pendientes, todas sin llenar
    opciones = [("rechazado", "con errores"), ("recibido", "rechazado"), ("rechazado", "con errores")]
    filas = []
    for e in ENTIDADES:
        estado, ultimo = opciones[semilla] if semilla < 3 else azar.choice(
            [("falta", None), ("recibido", None), ("con advertencias", None), ("rechazado", "con errores"),
             ("con errores", None), ("recibido", "rechazado"), ("recibido", "con errores")])
        motivo = ("formulario-sin-llenar: El archivo es la plantilla tal como se envió" if semilla == 2 else
                  "estatus-desconocido: Acuerdo 1, estatus: «Terminado» no está en el catálogo de la plantilla"
                  if ultimo == "con errores" else "quitaría YUC-2024-02-005, seguimiento de YUC-2024-01-002")
        fila = EstadoJLE(e.corto, estado, "2024-02-07 14:03", 1, 1, 1, 0, 0, e.abreviatura, rechazos=1)
        fila.ultimo, fila.motivo, fila.copia = ultimo, motivo if ultimo else None, f"pendientes/{e.abreviatura}.yaml"
        filas.append(fila)
    filas.append(EstadoJLE(NOMBRE_FEDERAL, "falta", None, None, None, None, 0, 0, ""))
    memoria = io.StringIO()
    estado_rich(filas, "2024-02", Path("mes"), Console(file=memoria, width=80),
                sin_entidad=azar.choice([0, 3]))
    salida = memoria.getvalue()
    assert len(salida.splitlines()) <= 24, salida
    _cabe(salida)
    assert salida.splitlines()[1].startswith("32 JLE: ")


def test_resumen_e_informe_a_secas_caben_en_24_renglones(correr, monkeypatch):
    """`resumen` (con todas sus cifras: temas, estatus de los acuerdos, solicitudes) y `informe` sin orden
    caben en una pantalla de 80×24; las fechas del título, día y mes."""
    codigo, salida, _ = _en_pantalla(correr, monkeypatch, "resumen", "-p", "2024-03", "-d", DEMO)
    assert codigo == 0 and "Tercer y último informe · 2024-03 (24/02/2024 a 23/03/2024)" in salida
    assert "  41 Planeación · 51 En proceso · 21 Concluido · 1 Sin estatus" in salida
    codigo, salida, error = _ver(correr, monkeypatch)
    assert len((salida + error).splitlines()) <= 24 and "Comandos" in salida + error
