"""Conversión del Markdown a DOCX (pandoc + python-docx) y a PDF (pandoc → Typst → `typst`).

Ambas salidas son deterministas: el DOCX se reempaqueta con fechas fijas en el
zip y en sus propiedades; el PDF lleva la fecha del corte del periodo y solo
usa las fuentes que trae el compilador de Typst (no las del sistema).
"""

from __future__ import annotations

import io
import tempfile
import zipfile
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

from .archivos import escribir_atomico
from .errores import ErrorDeConversion
from .renderizar import FORMATO_PANDOC, PLANTILLAS_PAQUETE

FILTRO_INDICE = PLANTILLAS_PAQUETE / "quitar_indice.lua"
FILTRO_ANCHO = PLANTILLAS_PAQUETE / "ancho_completo.lua"
FILTRO_ENTIDADES = PLANTILLAS_PAQUETE / "combinar_entidades.lua"
PLANTILLA_TYPST = PLANTILLAS_PAQUETE / "informe.typ"
# Liberation Sans (métrica de Arial, licencia OFL) viaja con el paquete: el PDF se ve igual en
# cualquier máquina y es de la misma familia que el DOCX, que usa Arial.
FUENTES = PLANTILLAS_PAQUETE / "fuentes"
FECHA_ZIP = (1980, 1, 1, 0, 0, 0)


def _pandoc(markdown: str, formato: str, salida: Path | None, argumentos: list[str]) -> str:
    import pypandoc

    try:
        return pypandoc.convert_text(markdown, formato, format=FORMATO_PANDOC,
                                     outputfile=str(salida) if salida else None,
                                     extra_args=["--lua-filter", str(FILTRO_INDICE), "--lua-filter", str(FILTRO_ANCHO),
                                                 *argumentos])
    except (RuntimeError, OSError) as e:
        raise ErrorDeConversion(f"pandoc no pudo convertir el Markdown a {formato}: {e}") from e


def _fecha(ctx: dict) -> datetime:
    fin = ctx["r"].fin
    return datetime(fin.year, fin.month, fin.day, tzinfo=timezone.utc)


# --------------------------------------------------------------------------- DOCX

def a_docx(markdown: str, destino: Path, salida: Path, ctx: dict) -> None:
    with tempfile.TemporaryDirectory(dir=salida) as tmp:
        crudo = Path(tmp) / "pandoc.docx"
        _pandoc(markdown, "docx", crudo, ["--toc", "--toc-depth=2", f"--resource-path={salida}",
                                          "--metadata", f"toc-title={ctx.get('titulo_indice', 'Índice')}"])
        from .docx_formato import dar_formato

        documento = dar_formato(crudo, ctx, _fecha(ctx).replace(tzinfo=None))
        escribir_atomico(destino, _zip_determinista(documento))


def _zip_determinista(contenido: bytes, cambiar: dict[str, Callable[[bytes], bytes]] | None = None) -> bytes:
    """Mismo contenido, mismos bytes: fechas fijas y orden estable dentro del zip. `cambiar` reescribe
    partes que la biblioteca sella con la hora de la corrida (openpyxl: docProps/core.xml)."""
    origen = zipfile.ZipFile(io.BytesIO(contenido))
    salida = io.BytesIO()
    with zipfile.ZipFile(salida, "w", zipfile.ZIP_DEFLATED) as z:
        for info in origen.infolist():
            nuevo = zipfile.ZipInfo(info.filename, FECHA_ZIP)
            nuevo.compress_type = zipfile.ZIP_DEFLATED
            nuevo.external_attr = 0o644 << 16
            parte = origen.read(info.filename)
            if cambiar and info.filename in cambiar:
                parte = cambiar[info.filename](parte)
            z.writestr(nuevo, parte)
    return salida.getvalue()


# --------------------------------------------------------------------------- PDF

def _cadena_typst(texto: str) -> str:
    """Una cadena literal de Typst en texto plano (metadatos del PDF): sin saltos ni controles."""
    plano = " ".join("".join(c if c.isprintable() else " " for c in texto).split())
    return '"' + plano.replace("\\", "\\\\").replace('"', '\\"') + '"'


def markdown_a_typst(markdown: str, ctx: dict) -> str:
    """Primera mitad del PDF; no necesita las gráficas, así que corre mientras se dibujan."""
    from .renderizar import fecha_larga, rango_fechas

    fecha = _fecha(ctx)
    r = ctx["r"]
    return _pandoc(markdown, "typst", None, [
        "--standalone", f"--template={PLANTILLA_TYPST}", "--toc", "--toc-depth=2",
        "--lua-filter", str(FILTRO_ENTIDADES),
        "--metadata", f"titulo-corto={ctx['titulo_corto']}",
        "--metadata", f"titulo-indice={ctx.get('titulo_indice', 'Índice')}",
        "--metadata", f"institucion={ctx['proceso']['institucion']}",
        "--metadata", f"area={ctx['proceso']['area']}",
        "--metadata", f"periodo-texto=Periodo que se informa: {rango_fechas(r.inicio, r.fin)}",
        "--metadata", f"corte-texto=Fecha de corte: {fecha_larga(r.fin)}",
        # las variables entran tal cual (sin escape de pandoc): por eso esta ya es una cadena Typst
        "--variable", f"titulo-plano={_cadena_typst(ctx['titulo'])}",
        "--variable", f"anio={fecha.year}", "--variable", f"mes={fecha.month}", "--variable", f"dia={fecha.day}",
    ])


def typst_a_pdf(fuente_typst: str, destino: Path, salida: Path, ctx: dict) -> None:
    import typst

    fecha = _fecha(ctx)
    # El .typ se escribe junto al Markdown para que las rutas relativas de las gráficas resuelvan.
    fd, nombre = tempfile.mkstemp(prefix=".informe-", suffix=".typ", dir=salida)
    archivo = Path(nombre)
    try:
        with open(fd, "w", encoding="utf-8") as f:
            f.write(fuente_typst)
        pdf = typst.compile(str(archivo), root=str(salida.resolve()), font_paths=[str(FUENTES)],
                            ignore_system_fonts=True,
                            timestamp=int(fecha.timestamp()))
    except Exception as e:  # typst levanta su propio tipo de error con el diagnóstico
        raise ErrorDeConversion(f"Typst no pudo componer el PDF: {e}") from e
    finally:
        archivo.unlink(missing_ok=True)
    escribir_atomico(destino, pdf)
