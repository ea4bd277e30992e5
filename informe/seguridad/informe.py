"""El informe de seguridad de un periodo: lo que `compilar` pide a la familia.

Agrega el periodo con su historia, dice qué JLE faltan, arma el título y la portada, y reúne la
redacción del analista. El núcleo (`informe.compilar`) hace lo demás: figuras, Markdown, DOCX y PDF.
"""

from __future__ import annotations

from pathlib import Path

from ..errores import ErrorDeUso
from ..familias import Contexto, Familia, Portada, Preparado
from .agregar import Resumen, resumir
from .almacen import Datos, cargar_datos


def preparar(familia: Familia, datos: Path, pid: str, cargas: dict) -> Preparado:
    cargados, resumen = cargar_resumen(datos, pid, cargas)

    def comparar(desde: str) -> dict:
        from .diferencias import con_registros

        # lo mismo que `informe diff --desde … --hasta pid` (del índice, o leyendo si no lo hay)
        return con_registros(familia.comparar(datos, datos, desde, pid, cargas))

    from .apartados import calcular

    textos = familia.textos(cargados.raiz, pid, cargados.proceso)
    ranuras = {t.ranura for t in textos}
    apartados = calcular(resumen, ranuras)
    return Preparado(pid, resumen, lambda graficas, d=None: contexto(cargados, resumen, graficas, d, apartados),
                     textos=textos, faltantes=faltantes(cargados, pid),
                     notas=list(resumen.supuestos) + lecturas_de_estatus(resumen),
                     correcciones=list(resumen.correcciones),
                     omisiones=[f"{que[0].upper()}{que[1:]}: {motivo}." for que, motivo, _ in apartados.omitidos],
                     titulo_notas=f"Notas de captura del {resumen.ordinal.lower()} informe ({pid})",
                     comparar=comparar, datos=cargados)


FEDERAL = "La parte federal de la DEOE (federal.yaml)"


def lecturas_de_estatus(resumen: Resumen) -> list[str]:
    """Las celdas de estatus que el anexo imprime como se publicaron (en blanco, o con una palabra fuera del
    catálogo) y que las cifras cuentan como el comodín: la lectura va a las notas, no a la tabla."""
    sin = next(e.nombre for e in resumen.catalogo_estatus if e.sin_dato)
    catalogo = {e.nombre for e in resumen.catalogo_estatus}
    notas = []
    for tabla, grupos in (("acuerdos", resumen.anexo_acuerdos), ("medidas adicionales", resumen.anexo_medidas)):
        for g in grupos:
            blancas = sum(1 for f in g.filas if not f.estatus)
            otras = sorted({f.estatus for f in g.filas if f.estatus and f.estatus not in catalogo})
            if blancas:
                notas.append(f"{g.entidad}: {blancas} {'fila' if blancas == 1 else 'filas'} de {tabla} con el estatus "
                             f"en blanco, como en la fuente; las cifras las cuentan «{sin}».")
            for palabra in otras:
                notas.append(f"{g.entidad}: en {tabla}, la fuente escribe «{palabra}» como estatus, que no está en el "
                             f"catálogo; la tabla lo imprime así y las cifras lo cuentan «{sin}».")
    return notas


def faltantes(cargados: Datos, pid: str) -> list[tuple[str, str]]:
    """Lo que aún no se entrega (o cuyo envío se rechazó) en un periodo de origen «jle»: las JLE y la parte
    federal de la DEOE, que también es una entrega (sin ella el informe callaría la mesa federal y las
    solicitudes sin que nadie lo advierta)."""
    from . import catalogos as cat
    from .acuses import rechazos

    dp = cargados.periodos.get(pid)
    if dp is None or (dp.periodo is not None and dp.periodo.origen != "jle"):
        return []
    rechazadas = {r.abreviatura for r in rechazos(cargados.raiz, pid)}
    faltan = [(e.corto, "rechazado" if e.abreviatura in rechazadas else "falta")
              for e in cat.ENTIDADES if e.abreviatura not in dp.jle]
    if dp.federal is None or dp.federal.pendiente:
        faltan.append((FEDERAL, "falta" if dp.federal is None else "pendiente"))
    return faltan


def cargar_resumen(datos: Path, pid: str, cargas: dict | None = None) -> tuple[Datos, Resumen]:
    """Los datos del periodo y sus cifras. La historia de JLE sale del índice (`indice.al_corte`) cuando se
    puede: de los periodos anteriores solo se leen periodo.yaml y federal.yaml."""
    from .almacen import catalogos_de
    from .indice import al_corte

    catalogos = catalogos_de(datos)
    corte = al_corte(datos, pid, catalogos)
    cargados = cargar_datos(datos, hasta=pid, cargas_previas=cargas, jle_desde=pid if corte is not None else None)
    if cargados.periodos[pid].periodo is None:
        raise ErrorDeUso(f"el periodo {pid} no tiene periodo.yaml")
    return cargados, resumir(cargados.periodos, pid, corte, catalogos)


def contexto(cargados: Datos, resumen: Resumen, graficas: dict[str, str | None], diferencias: dict | None = None,
             apartados=None) -> Contexto:
    from .catalogos import ordinal_pleno

    # sin proceso.yaml la portada no nombra institución; el título sí (es el del Instituto)
    portada = Portada.de(cargados.proceso, "Proceso Electoral")
    nombre = portada.nombre
    institucion = portada.institucion if cargados.proceso else "Instituto Nacional Electoral"
    from .apartados import calcular

    apartados = apartados or calcular(resumen)
    prefijo = f"{ordinal_pleno(resumen.numero)} y último" if resumen.ultimo else resumen.ordinal
    titulo = (f"{prefijo} Informe que rinde la Secretaría Ejecutiva del {institucion} sobre las acciones de "
              f"coordinación interinstitucional para el acompañamiento en materia de seguridad del {nombre}")
    titulo_corto = f"{prefijo} Informe de seguridad · {nombre}"
    if apartados.solo_anexo:  # el documento que se publicó: su Anexo 1, con su propio título
        prefijo_anexo = f"{ordinal_pleno(resumen.numero)} y último informe" if resumen.ultimo else f"{resumen.ordinal} Informe"
        titulo = (f"Anexo 1 del {prefijo_anexo} que rinde la Secretaría Ejecutiva del {institucion}, sobre las "
                  f"acciones de coordinación interinstitucional para el acompañamiento en materia de seguridad del "
                  f"{nombre}. Acuerdos alcanzados")
        titulo_corto = f"Anexo 1 del {prefijo_anexo} de seguridad · {nombre}"
    return Contexto(resumen, titulo, titulo_corto, portada, graficas, diferencias, indice=not apartados.solo_anexo,
                    fechas_en_portada=not resumen.fechas_supuestas, fechas_supuestas=resumen.fechas_supuestas,
                    propio={"numero_anexo": 3 if resumen.ultimo and resumen.federal_historico else 2,
                            "ap": apartados, "en_periodo": _en_periodo(resumen),
                            "fuente_declarada": _fuente_declarada(cargados, resumen.periodo)})


def _fuente_declarada(cargados: Datos, pid: str) -> str | None:
    """La línea «Fuente:» que declaran los datos: la del periodo o, si no, la del proceso. Sin ninguna, las
    gráficas y tablas no llevan fuente: la plantilla no adivina quién elaboró qué."""
    dp = cargados.periodos.get(pid)
    propia = dp.periodo.fuente if dp is not None and dp.periodo is not None else None
    return propia or getattr(cargados.proceso, "fuente", None)


def _en_periodo(resumen: Resumen):
    """«del 24 de abril al 23 de mayo de 2024», o «en el periodo» si esas fechas son supuestas: una
    suposición no se imprime como hecho."""
    from ..renderizar import rango_fechas

    def en_periodo(inicio, fin) -> str:
        return "en el periodo" if resumen.fechas_supuestas else rango_fechas(inicio, fin)

    return en_periodo


# palabra que nombra una cifra → las cifras que puede ser («87 acuerdos» es el total del periodo o el de los
# informes anteriores). Ni «entidades» ni «JLE»: «las 32 entidades» no es una cifra del periodo.
NOMBRES_DE_CIFRAS = {
    "reuniones": ("r.reuniones.total", "r.federal | length"),
    "acuerdos": ("r.acuerdos.total", "r.acuerdos_anteriores.total"),
    "solicitudes": ("r.solicitudes.recibidas", "r.solicitudes.sspc", "r.solicitudes.opl"),
    "medidas": ("r.medidas.total",),
    "asistentes": ("r.reuniones.asistentes_min", "r.reuniones.asistentes_max"),
}


def cifras_en_textos(datos: Path, pid: str) -> list:
    """Las cifras escritas a mano en los textos del periodo `pid` y en los fijos (cifras_texto)."""
    from .. import cifras_texto, textos
    from .apartados import RANURAS

    cargados, resumen = cargar_resumen(datos, pid)
    cifras: dict = {}
    for nombre in ("mesas", "reuniones", "temas", "acuerdos", "acuerdos_anteriores", "medidas", "solicitudes"):
        cifras_texto.aplanar(getattr(resumen, nombre), f"r.{nombre}", cifras)
    if resumen.federal is not None:
        cifras["r.federal | length"] = len(resumen.federal)
    fijos, _ = textos.del_proceso(cargados.raiz, cargados.proceso, RANURAS)
    del_periodo, _ = textos.del_periodo(cargados.raiz, pid, RANURAS)
    return [p for t in fijos + del_periodo for p in cifras_texto.revisar(t.nombre, t.fuente, cifras, NOMBRES_DE_CIFRAS)]


def omisiones(datos: Path, pid: str, archivo: str) -> list:
    """Lo que el informe de `pid` no incluirá, como advertencias de `validar` (una por omisión): el
    analista lo sabe antes de compilar, y `compilar` las cuenta con las demás advertencias."""
    from ..problemas import problema
    from .apartados import calcular

    cargados, resumen = cargar_resumen(datos, pid)
    from .. import textos
    from .apartados import RANURAS

    fijos, _ = textos.del_proceso(cargados.raiz, cargados.proceso, RANURAS)
    del_periodo, _ = textos.del_periodo(cargados.raiz, pid, RANURAS)
    apartados = calcular(resumen, {t.ranura for t in fijos + del_periodo})
    return [problema(archivo, None, None, "apartado-omitido", f"El informe de {pid} no incluirá {que}: {motivo}.",
                     sugerencia) for que, motivo, sugerencia in apartados.omitidos]
