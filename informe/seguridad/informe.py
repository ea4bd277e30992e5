"""El informe de seguridad de un periodo: lo que `compilar` pide a la familia.

Agrega el periodo con su historia, dice qué JLE faltan, arma el título y la portada, y reúne la
redacción del analista. El núcleo (`informe.compilar`) hace lo demás: figuras, Markdown, DOCX y PDF.
"""

from __future__ import annotations

from pathlib import Path

from ..errores import ErrorDeUso
from ..familias import Preparado
from .agregar import Resumen, resumir
from .almacen import Datos, cargar_datos


def preparar(datos: Path, pid: str, cargas: dict) -> Preparado:
    cargados, resumen = cargar_resumen(datos, pid, cargas)

    def comparar(desde: str) -> dict:
        from . import FAMILIA
        from .diferencias import con_registros

        # lo mismo que `informe diff --desde … --hasta pid` (del índice, o leyendo si no lo hay)
        return con_registros(FAMILIA.comparar(datos, datos, desde, pid, cargas))

    from .apartados import calcular

    textos = textos_del_informe(cargados, pid)
    ranuras = {t.ranura for t in textos}
    apartados = calcular(resumen, ranuras)
    return Preparado(pid, resumen, lambda graficas, d=None: contexto(cargados, resumen, graficas, d, apartados),
                     textos=textos, faltantes=faltantes(cargados, pid),
                     notas=list(resumen.supuestos), correcciones=list(resumen.correcciones),
                     omisiones=[f"{que[0].upper()}{que[1:]}: {motivo}." for que, motivo, _ in apartados.omitidos],
                     titulo_notas=f"Notas de captura del {resumen.ordinal.lower()} informe ({pid})",
                     comparar=comparar, datos=cargados)


FEDERAL = "La parte federal de la DEOE (federal.yaml)"


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

    corte = al_corte(datos, pid, catalogos_de(datos))
    cargados = cargar_datos(datos, hasta=pid, cargas_previas=cargas, jle_desde=pid if corte is not None else None)
    if cargados.periodos[pid].periodo is None:
        raise ErrorDeUso(f"el periodo {pid} no tiene periodo.yaml")
    return cargados, resumir(cargados.periodos, pid, corte)


def contexto(cargados: Datos, resumen: Resumen, graficas: dict[str, str | None], diferencias: dict | None = None,
             apartados=None) -> dict:
    from ..mostrar import visible
    from .catalogos import ordinal_pleno

    proceso = cargados.proceso
    # Estos campos van tal cual a encabezados, portada y propiedades del DOCX y del PDF, donde un control
    # (ESC, BEL) hace inválido el XML: se escriben visibles (\x1b), como en la terminal; validar ya los advierte.
    nombre = visible(proceso.nombre) if proceso else "Proceso Electoral"
    institucion = visible(proceso.institucion) if proceso else "Instituto Nacional Electoral"
    area = visible(proceso.area) if proceso else ""
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
    return {"r": resumen, "proceso": {"nombre": nombre, "area": area, "institucion": institucion if proceso else ""},
            "titulo": titulo, "titulo_corto": titulo_corto, "graficas": graficas,
            "d": diferencias, "numero_anexo": 3 if resumen.ultimo and resumen.federal_historico else 2,
            "ap": apartados, "indice": not apartados.solo_anexo, "en_periodo": _en_periodo(resumen)}


def _en_periodo(resumen: Resumen):
    """«del 24 de abril al 23 de mayo de 2024», o «en el periodo» si esas fechas son supuestas: una
    suposición no se imprime como hecho."""
    from ..renderizar import rango_fechas

    def en_periodo(inicio, fin) -> str:
        return "en el periodo" if resumen.fechas_supuestas else rango_fechas(inicio, fin)

    return en_periodo


def textos_del_informe(cargados: Datos, pid: str) -> list:
    """La redacción que entra al informe: textos fijos del proceso y los del periodo, leídos con seguridad."""
    from .. import textos
    from . import RANURAS

    fijos, problemas = textos.del_proceso(cargados.raiz, cargados.proceso, RANURAS)
    del_periodo, mas = textos.del_periodo(cargados.raiz, pid, RANURAS)
    problemas += mas
    if problemas:  # validar ya los reporta; si se llega aquí sin validar, no se compone nada dudoso
        raise ErrorDeUso(f"{problemas[0].ubicacion()}: {problemas[0].mensaje}")
    return fijos + del_periodo


def omisiones(datos: Path, pid: str, archivo: str) -> list:
    """Lo que el informe de `pid` no incluirá, como advertencias de `validar` (una por omisión): el
    analista lo sabe antes de compilar, y `compilar` las cuenta con las demás advertencias."""
    from ..problemas import problema
    from .apartados import calcular

    cargados, resumen = cargar_resumen(datos, pid)
    from .. import textos
    from . import RANURAS

    fijos, _ = textos.del_proceso(cargados.raiz, cargados.proceso, RANURAS)
    del_periodo, _ = textos.del_periodo(cargados.raiz, pid, RANURAS)
    apartados = calcular(resumen, {t.ranura for t in fijos + del_periodo})
    return [problema(archivo, None, None, "apartado-omitido", f"El informe de {pid} no incluirá {que}: {motivo}.",
                     sugerencia) for que, motivo, sugerencia in apartados.omitidos]
