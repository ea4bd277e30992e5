-- En DOCX y PDF el índice lo genera el procesador (--toc): se quita el índice escrito del Markdown.
function Div(el)
  if el.classes:includes("indice") then
    return {}
  end
end
