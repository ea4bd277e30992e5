-- PDF y DOCX: un título nunca salta de nivel (de 1 a 3). La redacción del analista entra bajo un título
-- del informe, y un «###» bajo un título de nivel 1 saltaría el 2: un lector de pantalla pierde la
-- jerarquía, y PDF/UA-1 no lo admite (Typst se niega a escribir el PDF). Se baja al nivel siguiente del
-- anterior, igual en los dos formatos; lo que no salta queda como está.

function Pandoc(doc)
  local anterior = 0
  doc.blocks = doc.blocks:walk({
    Header = function(h)
      if h.level > anterior + 1 then
        h.level = anterior + 1
      end
      anterior = h.level
      return h
    end,
  })
  return doc
end
