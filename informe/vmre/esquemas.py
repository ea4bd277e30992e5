"""Las tablas de un corte VMRE, declaradas una vez: archivo, columnas con su tipo y su título en el
informe, clave y fila de totales (las lee `informe.tablas_csv`). Cada tabla del informe publicado es
una de estas; el informe las imprime desde aquí y las reglas (`reglas.py`) las revisan.
"""

from __future__ import annotations

from dataclasses import dataclass

from .. import entidades
from ..tablas_csv import Catalogo, Columna, Esquema
from . import paises

ENTIDAD = Catalogo(lambda t: e.corto if (e := entidades.buscar(t)) else None, entidades.parecida,
                   "vmre-entidad-desconocida", "una entidad federativa")
PAIS = Catalogo(paises.buscar, paises.parecido_a, "vmre-pais-desconocido", "un país del catálogo")
ABREVIATURAS = tuple(e.abreviatura for e in entidades.ENTIDADES)


def _enteros(*nombres: str, ancho: int = 7) -> tuple[Columna, ...]:
    return tuple(Columna(n, "entero", ancho=ancho) for n in nombres)


_POR_ENTIDAD = (Columna("ENTIDAD", requerida=True, catalogo=ENTIDAD, titulo="Entidad", ancho=15),
                *_enteros("TOTAL", "INETEL", "SRVE", "EXTRANJERO", "NACIONAL", "ELECTRONICA", "POSTAL", "PRESENCIAL",
                          "HOMBRES", "MUJERES"),
                Columna("EDAD_PROMEDIO", "decimal", titulo="Edad", ancho=6))


@dataclass(frozen=True)
class Tabla:
    """Una tabla del informe: su esquema, dónde va (sección) y su leyenda."""
    tipo: str
    esquema: Esquema
    seccion: str
    leyenda: str


# Sin línea de «Fuente»: el informe publicado no la da en sus tablas, y el informe no dice más que él.
def _t(tipo, archivo, columnas, seccion, leyenda, clave=(), totales=None, total=False) -> Tabla:
    return Tabla(tipo, Esquema(archivo, tuple(columnas), tuple(clave), totales, total), seccion, leyenda)


TABLAS: tuple[Tabla, ...] = (
    # 2. Coordinación
    _t("sobres_remitidos", "sobres_remitidos.csv", (
        Columna("FECHA", "fecha", "Fecha", True, ancho=12),
        Columna("ENTIDAD", titulo="Entidad", requerida=True, catalogo=ENTIDAD, ancho=12),
        Columna("OPL", titulo="OPL", requerida=True, ancho=24),
        Columna("OFICIO", titulo="Oficio", requerida=True, ancho=16),
        Columna("ELECCION", titulo="Sobres-Voto de la elección de", requerida=True, ancho=24)),
       "sobres", "Sobres-Voto remitidos por los OPL a la DERFE para su validación", clave=("ENTIDAD",)),
    _t("sobres_validados", "sobres_validados.csv", (
        Columna("FECHA", "fecha", "Fecha", True, ancho=12),
        Columna("ENTIDAD", titulo="Entidad", requerida=True, catalogo=ENTIDAD, ancho=16),
        Columna("OFICIO", titulo="Oficio de validación", requerida=True, ancho=26)),
       "sobres", "Sobres-Voto de las elecciones locales validados por la DERFE y la DEOE",
       clave=("ENTIDAD",)),
    # 3. Promoción
    _t("spots", "spots.csv", (
        Columna("VERSION", titulo="Versión", requerida=True, ancho=24),
        Columna("FOLIO", titulo="Folio DEPyPP", requerida=True, ancho=10),
        Columna("MEDIO", titulo="Medio", requerida=True, ancho=9),
        Columna("INICIO", "fecha", "Inicio de difusión", True, ancho=12),
        Columna("FIN", "fecha", "Fin de difusión", True, ancho=12),
        Columna("IMPACTOS", "entero", "Impactos transmitidos", ancho=10),
        Columna("CORTE", "fecha", "Corte de los impactos", ancho=12)),
       "difusion", "Spots de radio y televisión en difusión", clave=("FOLIO",), totales="VERSION"),
    _t("pauta_organica", "pauta_organica.csv", (
        Columna("TEMA", titulo="Subcampaña o tema", requerida=True, ancho=44),
        Columna("RED", titulo="Red social", requerida=True, ancho=12),
        Columna("FECHA", "fecha", "Fecha de difusión", ancho=12),
        Columna("ENLACE", "enlace", "Enlace", ancho=30),
        Columna("IMPRESIONES", "entero", "Impresiones", ancho=9)),
       "digital", "Pauta orgánica, concluida y en proceso", totales="TEMA"),
    _t("pauta_pagada", "pauta_pagada.csv", (
        Columna("MEDIO", titulo="Medio", requerida=True, ancho=14),
        Columna("TEMA", titulo="Tema", requerida=True, ancho=18),
        Columna("INICIO", "fecha", "Inicio de difusión", True, ancho=12),
        Columna("FIN", "fecha", "Fin de difusión", True, ancho=12),
        Columna("SEGMENTACION", titulo="Segmentación", requerida=True, ancho=34)),
       "digital", "Pauta pagada, concluida y en proceso"),
    _t("audiovisuales", "materiales_audiovisuales.csv", (
        Columna("FECHA", "fecha", "Fecha", True, ancho=12),
        Columna("TEMA", titulo="Tema", requerida=True, ancho=60),
        Columna("REPRODUCCIONES", "entero", "Reproducciones", ancho=10),
        Columna("ENLACE", "enlace", "Liga", ancho=28)),
       "audiovisuales", "Contenidos audiovisuales para plataformas digitales"),
    _t("animados", "materiales_animados.csv", (
        Columna("TEMA", titulo="Tema", requerida=True, ancho=30),
        Columna("ENLACE", "enlace", "Liga", ancho=40)),
       "audiovisuales", "Material animado"),
    _t("redes", "redes_sociales.csv", (
        Columna("RED", titulo="Red social", requerida=True, ancho=22),
        # encabezados con las palabras del informe publicado, nunca el nombre del campo
        Columna("IMPRESIONES", "entero", "Impresiones", ancho=12), Columna("ME_GUSTA", "entero", "«Me gusta»", ancho=10),
        Columna("COMPARTIDAS", "entero", "Compartidas o republicadas", ancho=13),
        Columna("COMENTARIOS", "entero", "Comentarios", ancho=12)),
       "publicaciones", "Publicaciones sobre el VMRE en redes sociales del INE", clave=("RED",)),
    _t("entrevistas", "entrevistas.csv", (
        Columna("FECHA", "fecha", "Fecha", True, ancho=12),
        Columna("MEDIO", titulo="Medio", requerida=True, ancho=24),
        Columna("PROGRAMA", titulo="Programa", requerida=True, ancho=24),
        Columna("CIUDAD", titulo="Ciudad", requerida=True, ancho=24),
        Columna("ENLACE", "enlace", "Liga", ancho=26, vacio="No disponible")),
       "entrevistas", "Entrevistas en medios"),
    _t("boletines", "boletines.csv", (
        Columna("NO", "entero", "No.", True, ancho=5),
        Columna("BOLETIN", "entero", "Boletín", True, ancho=9),
        Columna("FECHA", "fecha", "Fecha", True, ancho=12),
        Columna("TITULO", titulo="Título", requerida=True, ancho=50),
        Columna("ENLACE", "enlace", "Liga", ancho=30)),
       "boletines", "Boletines de prensa", clave=("NO",)),
    _t("pauta_digital", "pauta_digital.csv", (
        Columna("MEDIO", titulo="Medio", requerida=True, ancho=12),
        Columna("COBERTURA", titulo="Cobertura", requerida=True, ancho=8),
        Columna("INICIO", "fecha", "Inicio de difusión", True, ancho=12),
        Columna("FIN", "fecha", "Fin de difusión", True, ancho=12),
        Columna("TEMA", titulo="Tema", requerida=True, ancho=22),
        Columna("IMPRESIONES", "entero", "Impresiones", ancho=9, vacio="En proceso"),
        Columna("CLICS", "entero", "Clics", ancho=7, vacio="En proceso")),
       "pauta_digital", "Pauta digital en medios"),
    _t("vinculacion_institucional", "vinculacion_institucional.csv", (
        Columna("INSTITUCION", titulo="Institución", requerida=True, ancho=24),
        Columna("ACTIVIDAD", titulo="Actividades", requerida=True, ancho=56)),
       "vinculacion_institucional", "Vinculación institucional"),
    _t("vinculacion_comunidad", "vinculacion_comunidad.csv", (
        Columna("EVENTO", titulo="Evento u organización", requerida=True, ancho=24),
        Columna("ACTIVIDAD", titulo="Actividades", requerida=True, ancho=56)),
       "vinculacion_comunidad", "Vinculación con la comunidad"),
    # 4. Registro
    _t("recibidas", "solicitudes_recibidas.csv", _POR_ENTIDAD, "recibidas",
       "Solicitudes de Inscripción recibidas por entidad", clave=("ENTIDAD",), totales="ENTIDAD", total=True),
    _t("paises", "solicitudes_por_pais.csv", (
        Columna("PAIS", titulo="País", requerida=True, catalogo=PAIS, ancho=14),
        Columna("TOTAL", "entero", "Total", True, ancho=6),
        *_enteros(*ABREVIATURAS, ancho=4)),
       "paises", "Solicitudes de Inscripción recibidas por país de residencia y entidad",
       clave=("PAIS",), totales="PAIS"),
    _t("procedentes", "solicitudes_procedentes.csv", _POR_ENTIDAD, "analisis",
       "Solicitudes de Inscripción que cumplen los requisitos, por entidad", clave=("ENTIDAD",),
       totales="ENTIDAD", total=True),
    _t("consultas", "consultas_inetel.csv", (
        Columna("SERVICIO", titulo="Servicio", requerida=True, ancho=34),
        Columna("EUA", "entero", "EUA", ancho=8), Columna("MEXICO", "entero", "México", ancho=8),
        Columna("RESTO_DEL_MUNDO", "entero", "Resto del mundo", ancho=10), Columna("TOTAL", "entero", "Total", ancho=8)),
       "inetel", "Consultas atendidas por INETEL",
       clave=("SERVICIO",), totales="SERVICIO", total=True),
    _t("llamadas", "llamadas_inetel.csv", (
        Columna("CAMPANA", titulo="Campaña", requerida=True, ancho=30),
        Columna("RESULTADO", titulo="Resultado", requerida=True, ancho=40),
        Columna("TOTAL", "entero", "Llamadas", ancho=10)),
       "inetel", "Operativos de llamadas de INETEL",
       clave=("CAMPANA", "RESULTADO"), totales="RESULTADO", total=True),
    # 5. Organización
    _t("sivei_calendario", "sivei_calendario.csv", (
        Columna("ACTO", titulo="Acto", requerida=True, ancho=24),
        Columna("FECHA", "fecha", "Fecha", True, ancho=12),
        Columna("HORA", titulo="Hora", ancho=6),
        Columna("LUGAR", titulo="Lugar", requerida=True, ancho=40)),
       "sivei", "Calendario de la Licitación Pública Internacional LP-INE-057-2023",
       clave=("ACTO",)),
    # 6. Capacitación
    _t("materiales_capacitacion", "materiales_capacitacion.csv", (
        Columna("ACUERDO", titulo="Acuerdo de la CCOE", requerida=True, ancho=18),
        Columna("FECHA", "fecha", "Fecha", True, ancho=12),
        Columna("MATERIAL", titulo="Material didáctico o de apoyo", requerida=True, ancho=50)),
       "capacitacion", "Materiales de capacitación electoral del VMRE aprobados por la CCOE",
       clave=("ACUERDO", "MATERIAL")),
)
POR_TIPO = {t.tipo: t for t in TABLAS}
POR_ARCHIVO = {t.esquema.archivo: t for t in TABLAS}
ESTADISTICAS = ("recibidas", "procedentes", "paises", "consultas", "llamadas")
