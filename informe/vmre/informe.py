"""El informe de avances VMRE de un corte: lo que `compilar` pide a la familia."""

from __future__ import annotations

from pathlib import Path

from ..almacen import ids_de_periodo, nombre_visible
from ..errores import ErrorDeUso
from ..familias import Preparado
from .agregar import ResumenVmre, resumir
from .modelo import Corte, ProcesoVmre, Tabla


def cargar_corte(datos: Path, pid: str, cargas: dict | None = None) -> tuple[Corte | None, dict[str, Tabla]]:
    from . import FAMILIA

    previas = cargas or {}
    corte, tablas = None, {}
    carpeta = datos / pid
    for ruta in sorted(carpeta.iterdir()) if carpeta.is_dir() else []:
        if not ruta.is_file() or ruta.suffix not in FAMILIA.extensiones:
            continue
        carga = previas.get(ruta.resolve()) or FAMILIA.cargar(ruta, nombre_visible(ruta))
        if isinstance(carga.registro, Corte):
            corte = carga.registro
        elif isinstance(carga.registro, Tabla):
            tablas[carga.tipo] = carga.registro
    return corte, tablas


def cargar_proceso(datos: Path, cargas: dict | None = None) -> ProcesoVmre | None:
    from . import FAMILIA

    ruta = datos / "proceso.yaml"
    if not ruta.is_file():
        return None
    carga = (cargas or {}).get(ruta.resolve()) or FAMILIA.cargar(ruta, nombre_visible(ruta))
    return carga.registro if isinstance(carga.registro, ProcesoVmre) else None


def resumen_de(datos: Path, pid: str, cargas: dict | None = None) -> tuple[ProcesoVmre | None, ResumenVmre]:
    corte, tablas = cargar_corte(datos, pid, cargas)
    if corte is None:
        raise ErrorDeUso(f"el corte {pid} no tiene corte.yaml válido (vea `informe validar {datos / pid}`)")
    proceso = cargar_proceso(datos, cargas)
    previos = [p for p in ids_de_periodo(datos) if p < pid]
    previo = None
    if previos:
        corte_previo, tablas_previas = cargar_corte(datos, previos[-1], cargas)
        if corte_previo is not None:
            previo = (corte_previo, tablas_previas)
    return proceso, resumir(corte, proceso, tablas, previo)


def preparar(datos: Path, pid: str, cargas: dict) -> Preparado:
    from .. import textos
    from . import RANURAS

    proceso, resumen = resumen_de(datos, pid, cargas)
    fijos, problemas = textos.del_proceso(datos, proceso, RANURAS)
    del_corte, mas = textos.del_periodo(datos, pid, RANURAS)
    if problemas + mas:  # validar ya los reporta; si se llega aquí sin validar, no se compone nada dudoso
        p = (problemas + mas)[0]
        raise ErrorDeUso(f"{p.ubicacion()}: {p.mensaje}")

    def comparar(desde: str) -> dict:
        from .diferencias import comparar as comparar_cortes, markdown

        resultado = comparar_cortes(datos, datos, desde, pid, cargas, [])
        return {**resultado, "markdown": markdown(resultado)}

    ranuras = {t.ranura for t in fijos + del_corte}
    return Preparado(pid, resumen, lambda graficas, d=None: contexto(proceso, resumen, graficas, d, ranuras),
                     textos=fijos + del_corte, comparar=comparar, datos=None,
                     titulo_notas=f"Notas de captura del informe de avances ({pid})")


def visibles(resumen: ResumenVmre, ranuras: set[str]) -> set[str]:
    """Los apartados que el informe imprime: los que tienen texto, tablas o cifras, y sus antecesores."""
    from .estructura import APARTADOS

    r = resumen
    especiales = {"glosario": bool(r.glosario), "recibidas": bool(r.recibidas or r.paises),
                  "analisis": bool(r.procedentes or r.publicado.get("analisis")),
                  "inetel": bool(r.consultas or r.llamadas)}
    propios = {a.numero for a in APARTADOS
               if a.numero == "1." or a.ranura in ranuras or any(t in r.tablas for t in a.tablas)
               or especiales.get(a.especial or "") or (a.actividades and r.actividades.get(a.actividades))}
    return {a.numero for a in APARTADOS if any(n.startswith(a.numero) for n in propios)}


def contexto(proceso: ProcesoVmre | None, resumen: ResumenVmre, graficas: dict, diferencias: dict | None,
             ranuras: set[str] = frozenset()) -> dict:
    from ..mostrar import visible
    from ..renderizar import mes_anio, mes_de_anio, rango_fechas
    from .estructura import APARTADOS

    nombre = visible(proceso.nombre) if proceso else ""
    institucion = visible(proceso.institucion) if proceso else "Instituto Nacional Electoral"
    area = visible(proceso.area) if proceso else ""
    periodo = f"Periodo {rango_fechas(resumen.inicio, resumen.fin)}"
    # la portada lleva el mes en que se presenta el informe (el del periodo: «Diciembre de 2023»)
    presentado = mes_de_anio(resumen.periodo)
    presentado = presentado[0].upper() + presentado[1:]
    titulo = "Voto de las Mexicanas y los Mexicanos Residentes en el Extranjero. Informe de avances"
    if resumen.ficticio:
        titulo = f"EJEMPLO FICTICIO · {titulo}"
    return {"r": resumen, "proceso": {"nombre": nombre, "area": area, "institucion": institucion},
            "titulo": titulo, "titulo_corto": f"Informe de avances del VMRE · {mes_anio(resumen.periodo)}",
            "subtitulo": (f"{nombre}. " if nombre else "") + f"{periodo}. {presentado}", "graficas": graficas,
            "d": diferencias, "titulo_indice": "Contenido", "apartados": APARTADOS,
            "visibles": visibles(resumen, set(ranuras))}
