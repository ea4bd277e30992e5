"""El informe de avances VMRE de un corte: lo que `compilar` pide a la familia."""

from __future__ import annotations

import shlex
from pathlib import Path

from ..almacen import periodo_anterior
from ..errores import ErrorDeUso
from ..familias import Contexto, Familia, Portada, Preparado
from .agregar import ResumenVmre, resumir
from .estructura import Apartado
from .modelo import Corte, ProcesoVmre, Tabla


def cargar_corte(familia: Familia, datos: Path, pid: str, cargas: dict | None = None) \
        -> tuple[Corte | None, dict[str, Tabla]]:
    """El corte.yaml de un periodo y sus tablas por tipo (de `cargas` o leídos)."""
    corte, tablas = None, {}
    for carga in familia.leer_periodo(datos, pid, cargas):
        if isinstance(carga.registro, Corte):
            corte = carga.registro
        elif isinstance(carga.registro, Tabla):
            tablas[carga.tipo] = carga.registro
    return corte, tablas


def resumen_de(familia: Familia, datos: Path, pid: str, cargas: dict | None = None) \
        -> tuple[ProcesoVmre | None, ResumenVmre]:
    """El proceso y las cifras del corte `pid`, con el corte anterior para lo que se compara."""
    corte, tablas = cargar_corte(familia, datos, pid, cargas)
    if corte is None:
        raise ErrorDeUso(f"el corte {pid} no tiene corte.yaml válido. Revíselo con:", f"informe validar {shlex.quote(str(datos / pid))}")
    proceso = familia.leer_proceso(datos, cargas)
    anterior = periodo_anterior(datos, pid)
    previo = None
    if anterior is not None:
        corte_previo, tablas_previas = cargar_corte(familia, datos, anterior, cargas)
        if corte_previo is not None:
            previo = (corte_previo, tablas_previas)
    return proceso, resumir(corte, proceso, tablas, previo)


def preparar(familia: Familia, datos: Path, pid: str, cargas: dict) -> Preparado:
    proceso, resumen = resumen_de(familia, datos, pid, cargas)
    textos = familia.textos(datos, pid, proceso)

    def comparar(desde: str) -> dict:
        resultado = familia.comparar(datos, datos, desde, pid, cargas)
        return {**resultado, "markdown": familia.diff_markdown(resultado)}

    ranuras = {t.ranura for t in textos}
    return Preparado(pid, resumen, lambda graficas, d=None: contexto(proceso, resumen, graficas, d, ranuras),
                     textos=textos, comparar=comparar, datos=None, notas=notas_de_captura(resumen),
                     correcciones=correcciones(resumen),
                     titulo_notas=f"Notas de captura del informe de avances ({pid})")


# palabra que nombra una cifra → las cifras que puede ser. Ni «impresiones» ni «personas»: el texto da
# cifras de campañas que no están en las tablas.
NOMBRES_DE_CIFRAS = {
    "solicitudes": ("r.recibidas.total.TOTAL", "r.procedentes.total.TOTAL", "r.publicado.analisis",
                    "r.publicado.subsane", "r.publicado.en_procesamiento", "r.publicado.clarificacion"),
    "reproducciones": ("r.publicado.reproducciones", "r.cifras.reproducciones"),
    "consultas": ("r.consultas.total.TOTAL",),
}


def cifras_en_textos(familia: Familia, datos: Path, pid: str) -> list:
    """Las cifras escritas a mano en los textos del corte `pid` (cifras_texto)."""
    from .. import cifras_texto

    _, resumen = resumen_de(familia, datos, pid)
    cifras: dict = {}
    for nombre in ("recibidas", "procedentes", "consultas", "publicado", "cifras"):
        valor = getattr(resumen, nombre)
        cifras_texto.aplanar({k: v for k, v in valor.items() if k != "filas"} if valor else valor, f"r.{nombre}", cifras)
    # de las consultas, solo el total: «23 sedes consulares» no es la cifra de consultas desde México
    cifras = {k: v for k, v in cifras.items() if not k.startswith("r.consultas.") or k == "r.consultas.total.TOTAL"}
    return [p for t in familia.textos(datos, pid, familia.leer_proceso(datos, {}))
            for p in cifras_texto.revisar(t.nombre, t.fuente, cifras, NOMBRES_DE_CIFRAS)]


def correcciones(resumen: ResumenVmre) -> list[str]:
    """Las erratas del publicado que las tablas corrigen: a las notas de captura (el informe también las dice
    bajo su tabla)."""
    return [f"Tabla «{t['leyenda']}»: el informe publicado escribe «{e['publicado']}»; se imprime «{e['corregido']}»."
            for t in resumen.tablas.values() for e in t.get("erratas", [])]


def notas_de_captura(resumen: ResumenVmre) -> list[str]:
    """Lo que la captura no conservó de la tabla por país: va a las notas, no al cuerpo del informe."""
    p, pp = resumen.paises, resumen.por_entidad_pais
    if not p or not pp:
        return []
    notas = []
    if pp["sin_desglose"]:
        notas.append(f"Tabla por país: de {pp['sin_desglose']:,} países el texto del que se capturó la tabla no "
                     f"conserva el desglose por entidad; el informe los presenta aparte, con su total.")
    publicados = resumen.publicado.get("paises")
    if publicados and publicados != p["paises"]:
        notas.append(f"Tabla por país: de los {publicados:,} países publicados se conservan las filas de "
                     f"{p['paises']:,}, que suman {pp['suma']:,} solicitudes; por eso la tabla no lleva la fila de "
                     f"totales por entidad, que no sería la suma de sus filas.")
    return notas


def _con_cifras(resumen: ResumenVmre) -> dict[str, bool]:
    """Los bloques de cifras de la plantilla (`Apartado.especial`) que tienen algo que decir."""
    r = resumen
    return {"glosario": bool(r.glosario), "recibidas": bool(r.recibidas or r.paises),
            "analisis": bool(r.procedentes or r.publicado.get("analisis")),
            "inetel": bool(r.consultas or r.llamadas)}


def _tiene_contenido(a: Apartado, resumen: ResumenVmre, ranuras: set[str], cifras: dict[str, bool]) -> bool:
    """Un apartado se imprime por sí mismo si es el primero o si tiene texto, tablas, cifras o actividades."""
    return (a.numero == "1." or a.ranura in ranuras or any(t in resumen.tablas for t in a.tablas)
            or bool(cifras.get(a.especial or "")) or bool(a.actividades and resumen.actividades.get(a.actividades)))


def visibles(resumen: ResumenVmre, ranuras: set[str]) -> set[str]:
    """Los apartados que el informe imprime: los que tienen texto, tablas o cifras, y sus antecesores."""
    from .estructura import APARTADOS

    cifras = _con_cifras(resumen)
    propios = {a.numero for a in APARTADOS if _tiene_contenido(a, resumen, ranuras, cifras)}
    return {a.numero for a in APARTADOS if any(n.startswith(a.numero) for n in propios)}


def contexto(proceso: ProcesoVmre | None, resumen: ResumenVmre, graficas: dict, diferencias: dict | None,
             ranuras: set[str] = frozenset()) -> Contexto:
    from ..renderizar import mes_anio, mes_de_anio, rango_fechas
    from .estructura import APARTADOS

    portada = Portada.de(proceso, institucion="Instituto Nacional Electoral")
    periodo = f"Periodo {rango_fechas(resumen.inicio, resumen.fin)}"
    # la portada lleva el mes en que se presenta el informe (el del periodo: «Diciembre de 2023»)
    presentado = mes_de_anio(resumen.periodo)
    presentado = presentado[0].upper() + presentado[1:]
    titulo = "Voto de las Mexicanas y los Mexicanos Residentes en el Extranjero. Informe de avances"
    if resumen.ficticio:
        titulo = f"EJEMPLO FICTICIO · {titulo}"
    return Contexto(resumen, titulo, f"Informe de avances del VMRE · {mes_anio(resumen.periodo)}", portada,
                    graficas, diferencias, titulo_indice="Contenido",
                    # el periodo ya va en el subtítulo, como en la portada publicada: no se repite debajo
                    fechas_en_portada=False,
                    propio={"subtitulo": (f"{portada.nombre}. " if portada.nombre else "") + f"{periodo}. {presentado}",
                            "apartados": APARTADOS, "visibles": visibles(resumen, set(ranuras))})
